/** What the rule says in words, built by the editor from the form as it is filled in. */
export interface RuleWords {
  kind: 'spike' | 'negative_rise' | 'volume_jump' | 'coverage_failure';
  /** The thresholds as typed (empty: the default; for spike, the deployment's rule). */
  params: Record<string, string>;
  defaults: Record<string, number | null>;
  topic: string | null;
  channels: { type: 'email' | 'webhook'; target: string }[];
  quietHours: { from: string; to: string } | null;
  minIntervalMinutes: string;
  language: 'id' | 'en';
  enabled: boolean;
}

const value = (w: RuleWords, name: string, fallback: string) => w.params[name]?.trim() || String(w.defaults[name] ?? '') || fallback;

function sentenceId(w: RuleWords): string {
  const v = (name: string) => value(w, name, '?');
  const spikeDeployed = !w.params.minCount?.trim() && !w.params.k?.trim() && !w.params.newTermMinCount?.trim();
  const what = {
    spike: spikeDeployed
      ? 'sebuah kata kunci melonjak hari ini menurut aturan lonjakan deployment ini (SPIKE_*)'
      : `sebuah kata kunci melonjak hari ini: ≥ ${value(w, 'minCount', 'aturan deployment')} unggahan dan z > ${value(w, 'k', 'aturan deployment')} terhadap 7 hari sebelumnya, atau istilah baru dengan ≥ ${value(w, 'newTermMinCount', 'aturan deployment')} unggahan`,
    negative_rise: `pangsa negatif hari ini ≥ ${v('minPoints')} poin persentase di atas 7 hari sebelumnya dan batas bawah interval 95%-nya di atas garis dasar itu, setelah ≥ ${v('minPosts')} unggahan berlabel (pangsa tervalidasi bila tugas pelabelan memvalidasi hari itu, selain itu pangsa model, dan peringatan menyebut yang mana)`,
    volume_jump: `unggahan hari ini ≥ ${v('ratio')}× rata-rata harian 7 hari sebelumnya dan ≥ ${v('minPosts')} unggahan`,
    coverage_failure: `pengumpulan sebuah konektor berakhir dengan galat dalam ${v('hours')} jam terakhir`,
  }[w.kind];
  const scope = w.topic ? `topik «${w.topic}»` : 'semua unggahan';
  const to = ['dasbor', ...w.channels.map((c) => `${c.type === 'email' ? 'surel' : 'webhook'} ${c.target || '(alamat belum diisi)'}`)];
  const quiet = w.quietHours
    ? ` Pengiriman yang terdeteksi pukul ${w.quietHours.from}–${w.quietHours.to} WIB ditahan sampai jam tenang usai.`
    : '';
  const every = Number(w.minIntervalMinutes || '0');
  const interval = every > 0 ? ` Paling sering sekali tiap ${every} menit.` : ' Tanpa jeda minimum antarperingatan.';
  return `${w.enabled ? '' : '(Nonaktif) '}Untuk ${scope}: peringatkan bila ${what}. Dikirim ke ${to.join(', ')}, dalam bahasa ${w.language === 'id' ? 'Indonesia' : 'Inggris'}.${quiet}${interval}`;
}

function sentenceEn(w: RuleWords): string {
  const v = (name: string) => value(w, name, '?');
  const spikeDeployed = !w.params.minCount?.trim() && !w.params.k?.trim() && !w.params.newTermMinCount?.trim();
  const what = {
    spike: spikeDeployed
      ? "a keyword spikes today by this deployment's spike rule (SPIKE_*)"
      : `a keyword spikes today: ≥ ${value(w, 'minCount', 'the deployment rule')} posts and z > ${value(w, 'k', 'the deployment rule')} over the 7 days before, or a new term with ≥ ${value(w, 'newTermMinCount', 'the deployment rule')} posts`,
    negative_rise: `today's negative share is ≥ ${v('minPoints')} percentage points above the 7 days before and the lower end of its 95% interval is above that baseline, once ≥ ${v('minPosts')} posts have a label (the validated share where a labelling task validates the day, else the model share; the alert says which)`,
    volume_jump: `posts today reach ≥ ${v('ratio')}× the daily mean of the 7 days before and ≥ ${v('minPosts')} posts`,
    coverage_failure: `a connector run ended with an error in the last ${v('hours')} hours`,
  }[w.kind];
  const scope = w.topic ? `topic «${w.topic}»` : 'all posts';
  const to = ['the dashboard', ...w.channels.map((c) => `${c.type === 'email' ? 'e-mail' : 'webhook'} ${c.target || '(no address yet)'}`)];
  const quiet = w.quietHours
    ? ` Deliveries detected between ${w.quietHours.from} and ${w.quietHours.to} (Asia/Jakarta) wait until the quiet hours end.`
    : '';
  const every = Number(w.minIntervalMinutes || '0');
  const interval = every > 0 ? ` At most once every ${every} minutes.` : ' No least interval between alerts.';
  return `${w.enabled ? '' : '(Disabled) '}For ${scope}: alert when ${what}. Sent to ${to.join(', ')}, in ${w.language === 'id' ? 'Indonesian' : 'English'}.${quiet}${interval}`;
}

/** The alert-rules editor's words, Indonesian first. */
export const ALERT_RULES_LABELS = {
  id: {
    rulesView: 'Aturan peringatan',
    rulesTitle: 'Aturan peringatan',
    rulesIntro:
      'Aturan menentukan kapan Pantau memberi peringatan dan ke mana dikirim. Setiap peringatan muncul di dasbor; surel dan webhook bersifat tambahan.',
    rulesAdminOnly: 'Hanya admin yang dapat melihat dan mengubah aturan peringatan. Daftar peringatan ada di dasbor.',
    rulesLoading: 'Memuat aturan…',
    rulesNone: 'Belum ada aturan.',
    ruleName: 'Nama',
    ruleKind: 'Jenis',
    ruleTopic: 'Topik',
    ruleAllPosts: 'Semua unggahan',
    ruleChannels: 'Tujuan',
    ruleQuiet: 'Jam tenang',
    ruleInterval: 'Jeda minimum',
    ruleLanguage: 'Bahasa',
    ruleEnabled: 'Aktif',
    ruleActions: 'Tindakan',
    ruleOn: 'aktif',
    ruleOff: 'nonaktif',
    ruleNoQuiet: 'tidak ada',
    ruleMinutes: (n: number) => `${n} menit`,
    ruleLanguages: { id: 'Indonesia', en: 'Inggris' },
    ruleDashboardOnly: 'hanya dasbor',
    ruleEdit: 'Ubah',
    ruleEnable: 'Aktifkan',
    ruleDisable: 'Nonaktifkan',
    ruleDelete: 'Hapus',
    ruleConfirmDelete: (name: string) => `Hapus aturan «${name}» beserta peringatannya? Ini tidak dapat dibatalkan.`,
    ruleConfirmYes: 'Ya, hapus',
    ruleCancel: 'Batal',
    ruleNew: 'Aturan baru',
    ruleEditing: (name: string) => `Ubah aturan «${name}»`,
    ruleParams: 'Ambang',
    ruleParamNames: {
      minCount: 'Unggahan minimum (kata kunci)',
      k: 'z lebih dari',
      newTermMinCount: 'Unggahan minimum (istilah baru)',
      minPoints: 'Kenaikan minimum (poin persentase)',
      minPosts: 'Unggahan minimum hari ini',
      ratio: 'Kelipatan rata-rata 7 hari',
      hours: 'Jam ke belakang',
    } as Record<string, string>,
    ruleDefault: (d: number | null) => (d === null ? 'kosong: aturan deployment' : `kosong: ${d}`),
    ruleQuietOn: 'Tahan pengiriman pada jam tenang (WIB)',
    ruleQuietFrom: 'Dari',
    ruleQuietTo: 'Sampai',
    ruleIntervalLabel: 'Jeda minimum antarperingatan (menit)',
    ruleLanguageLabel: 'Bahasa teks peringatan',
    ruleEnabledLabel: 'Aturan aktif',
    ruleAddEmail: 'Tambah surel',
    ruleAddWebhook: 'Tambah webhook',
    ruleRemoveChannel: 'Hapus tujuan',
    ruleEmailTo: 'Alamat surel',
    ruleWebhookUrl: 'Alamat webhook',
    ruleWebhookSecret: 'Rahasia webhook (min. 16 karakter)',
    ruleSecretKept:
      'Rahasia tersimpan dan tidak pernah ditampilkan. Tujuan diganti sekaligus: bila Anda mengubah tujuan, isi lagi rahasia setiap webhook.',
    ruleSecretAgain: 'Isi lagi rahasianya (tujuan diganti sekaligus)',
    ruleInWords: 'Aturan dalam kata-kata',
    ruleSave: 'Simpan aturan',
    ruleCreate: 'Buat aturan',
    ruleSaved: 'Aturan disimpan.',
    ruleCreated: 'Aturan dibuat.',
    ruleDeleted: 'Aturan dihapus.',
    ruleFixFields: 'Periksa kolom yang ditandai.',
    ruleWords: sentenceId,
  },
  en: {
    rulesView: 'Alert rules',
    rulesTitle: 'Alert rules',
    rulesIntro:
      'Rules say when Pantau alerts and where the alert goes. Every alert appears in the dashboard; e-mail and webhooks come on top.',
    rulesAdminOnly: 'Only admins can see and change alert rules. The list of alerts is on the dashboard.',
    rulesLoading: 'Loading rules…',
    rulesNone: 'No rules yet.',
    ruleName: 'Name',
    ruleKind: 'Kind',
    ruleTopic: 'Topic',
    ruleAllPosts: 'All posts',
    ruleChannels: 'Targets',
    ruleQuiet: 'Quiet hours',
    ruleInterval: 'Least interval',
    ruleLanguage: 'Language',
    ruleEnabled: 'Enabled',
    ruleActions: 'Actions',
    ruleOn: 'on',
    ruleOff: 'off',
    ruleNoQuiet: 'none',
    ruleMinutes: (n: number) => `${n} min`,
    ruleLanguages: { id: 'Indonesian', en: 'English' },
    ruleDashboardOnly: 'dashboard only',
    ruleEdit: 'Edit',
    ruleEnable: 'Enable',
    ruleDisable: 'Disable',
    ruleDelete: 'Delete',
    ruleConfirmDelete: (name: string) => `Delete the rule «${name}» with its alerts? This cannot be undone.`,
    ruleConfirmYes: 'Yes, delete',
    ruleCancel: 'Cancel',
    ruleNew: 'New rule',
    ruleEditing: (name: string) => `Edit the rule «${name}»`,
    ruleParams: 'Thresholds',
    ruleParamNames: {
      minCount: 'Least posts (keyword)',
      k: 'z above',
      newTermMinCount: 'Least posts (new term)',
      minPoints: 'Least rise (percentage points)',
      minPosts: 'Least posts today',
      ratio: 'Times the 7-day mean',
      hours: 'Hours back',
    } as Record<string, string>,
    ruleDefault: (d: number | null) => (d === null ? 'empty: the deployment rule' : `empty: ${d}`),
    ruleQuietOn: 'Hold deliveries in quiet hours (Asia/Jakarta)',
    ruleQuietFrom: 'From',
    ruleQuietTo: 'To',
    ruleIntervalLabel: 'Least interval between alerts (minutes)',
    ruleLanguageLabel: 'Language of the alert text',
    ruleEnabledLabel: 'Rule enabled',
    ruleAddEmail: 'Add e-mail',
    ruleAddWebhook: 'Add webhook',
    ruleRemoveChannel: 'Remove target',
    ruleEmailTo: 'E-mail address',
    ruleWebhookUrl: 'Webhook address',
    ruleWebhookSecret: 'Webhook secret (16 characters or more)',
    ruleSecretKept:
      'The secret is stored and never shown. Targets are replaced as a whole: if you change the targets, enter every webhook secret again.',
    ruleSecretAgain: 'Enter the secret again (targets are replaced as a whole)',
    ruleInWords: 'The rule in words',
    ruleSave: 'Save rule',
    ruleCreate: 'Create rule',
    ruleSaved: 'Rule saved.',
    ruleCreated: 'Rule created.',
    ruleDeleted: 'Rule deleted.',
    ruleFixFields: 'Check the marked fields.',
    ruleWords: sentenceEn,
  },
};
