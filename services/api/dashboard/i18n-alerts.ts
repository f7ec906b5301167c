/** The alert list's words, Indonesian first. */
export const ALERT_LABELS = {
  id: {
    alerts: 'Peringatan',
    noAlerts: 'Belum ada peringatan. Admin membuat aturannya di halaman Aturan peringatan (atau lewat POST /v1/alert-rules).',
    alertKinds: { spike: 'lonjakan', negative_rise: 'negatif naik', volume_jump: 'volume melonjak', coverage_failure: 'pengumpulan gagal' },
    deliveryStatus: { pending: 'menunggu', sent: 'terkirim', failed: 'gagal' },
    channels: { email: 'surel', webhook: 'webhook' },
    attempts: (n: number) => `${n} percobaan`,
    nextAttempt: 'coba lagi',
    openView: 'buka tampilan',
    dashboardOnly: 'hanya di dasbor',
  },
  en: {
    alerts: 'Alerts',
    noAlerts: 'No alerts yet. An admin creates the rules on the Alert rules page (or through POST /v1/alert-rules).',
    alertKinds: { spike: 'spike', negative_rise: 'negative rise', volume_jump: 'volume jump', coverage_failure: 'collection failed' },
    deliveryStatus: { pending: 'pending', sent: 'sent', failed: 'failed' },
    channels: { email: 'e-mail', webhook: 'webhook' },
    attempts: (n: number) => `${n} attempt${n === 1 ? '' : 's'}`,
    nextAttempt: 'next try',
    openView: 'open the view',
    dashboardOnly: 'dashboard only',
  },
};
