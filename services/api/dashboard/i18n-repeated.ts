/** Words of the repeated-texts view: Indonesian first, English complete. */
export const REPEATED_LABELS = {
  id: {
    repeatedTitle: 'Teks berulang',
    repeatedNote: (k: number, hours: number) =>
      `Teks yang (hampir) sama dikelompokkan bila diunggah paling lama ${hours} jam dari unggahan lain. Kelompok dari sedikitnya ${k} penulis berbeda dalam rentang itu ditandai sebagai teks berulang; unggahannya dihitung terkoordinasi. Ini tanda tentang unggahan, bukan label pada orang.`,
    repeatedOff: 'Aturan teks berulang tidak aktif di sini; kelompoknya tetap ditampilkan.',
    repeatedText: 'Teks',
    repeatedPosts: 'Unggahan',
    repeatedAuthors: 'Penulis berbeda',
    repeatedSpan: 'Pertama – terakhir',
    repeatedFlag: 'Aturan',
    repeatedFlagged: 'ditandai',
    repeatedNotFlagged: 'belum',
    repeatedNone: 'Tidak ada teks berulang pada rentang ini.',
    repeatedShare: (share: string, n: string, of: string) => `${share} unggahan (${n} dari ${of}) ditandai oleh aturan teks berulang.`,
    repeatedLag: (seconds: string) => `Pengelompokan berjalan setelah analisis; keterlambatan p99 saat ini ${seconds} detik.`,
    repeatedOpen: (n: number) => `Buka unggahan kelompok teks #${n}`,
    repeatedMore: 'Teks berikutnya',
  },
  en: {
    repeatedTitle: 'Repeated texts',
    repeatedNote: (k: number, hours: number) =>
      `Near-identical texts are grouped when posted at most ${hours} hours from another. A group from at least ${k} distinct authors within that span is flagged as repeated text; its posts count as coordinated. A signal about posts, not a label on people.`,
    repeatedOff: 'The repeated-text rule is off here; its groups are still shown.',
    repeatedText: 'Text',
    repeatedPosts: 'Posts',
    repeatedAuthors: 'Distinct authors',
    repeatedSpan: 'First – last',
    repeatedFlag: 'Rule',
    repeatedFlagged: 'flagged',
    repeatedNotFlagged: 'not yet',
    repeatedNone: 'No repeated texts in this window.',
    repeatedShare: (share: string, n: string, of: string) => `${share} of posts (${n} of ${of}) flagged by the repeated-text rule.`,
    repeatedLag: (seconds: string) => `Grouping runs after analysis; its current p99 lag is ${seconds} s.`,
    repeatedOpen: (n: number) => `Open the posts of text group #${n}`,
    repeatedMore: 'Next texts',
  },
};
