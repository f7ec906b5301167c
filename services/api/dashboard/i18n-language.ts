/** Words of the language filter and the language shares: Indonesian first, English complete. */
export const LANGUAGE_LABELS = {
  id: {
    languageFilter: 'Bahasa',
    allLanguages: 'Semua bahasa',
    languageNames: {
      id: 'Indonesia',
      jav: 'Jawa',
      sun: 'Sunda',
      min: 'Minang',
      bjn: 'Banjar',
      ban: 'Bali',
      mad: 'Madura',
      ace: 'Aceh',
      bug: 'Bugis',
      nij: 'Ngaju',
      bbc: 'Batak Toba',
    } as Record<string, string>,
    languagesCounted: 'Bahasa unggahan yang dihitung',
    languageExcluded: (name: string) => `berbahasa ${name} (dihitung, tidak dinilai model sentimen)`,
    languagesNote:
      'Unggahan berbahasa Jawa, Sunda, Minang, Banjar, Bali dan Madura dinilai oleh model sentimen bahasa daerah (dilatih pada terjemahan NusaX) dan masuk bagian sentimen; unggahan berbahasa Aceh, Bugis, Ngaju dan Batak Toba dihitung dalam volume dan kata kunci, tetapi tidak masuk bagian sentimen.',
  },
  en: {
    languageFilter: 'Language',
    allLanguages: 'All languages',
    languageNames: {
      id: 'Indonesian',
      jav: 'Javanese',
      sun: 'Sundanese',
      min: 'Minangkabau',
      bjn: 'Banjarese',
      ban: 'Balinese',
      mad: 'Madurese',
      ace: 'Acehnese',
      bug: 'Buginese',
      nij: 'Ngaju',
      bbc: 'Toba Batak',
    } as Record<string, string>,
    languagesCounted: 'Languages of the counted posts',
    languageExcluded: (name: string) => `in ${name} (counted, not labelled by a sentiment model)`,
    languagesNote:
      'Posts in Javanese, Sundanese, Minangkabau, Banjarese, Balinese and Madurese are labelled by the regional sentiment head (trained on NusaX translations) and are in the sentiment shares; posts in Acehnese, Buginese, Ngaju and Toba Batak are counted in volume and keywords but left out of the shares.',
  },
};
