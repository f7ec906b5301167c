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
    languageExcluded: (name: string) => `berbahasa ${name} (dihitung, tidak dinilai model sentimen bahasa Indonesia)`,
    languagesNote:
      'Unggahan berbahasa daerah dihitung dalam volume dan kata kunci, tetapi tidak masuk bagian sentimen: model sentimen hanya mengenal bahasa Indonesia.',
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
    languageExcluded: (name: string) => `in ${name} (counted, not labelled by the Indonesian sentiment model)`,
    languagesNote:
      'Posts in a regional language are counted in volume and keywords but left out of the sentiment shares: the sentiment model knows Indonesian only.',
  },
};
