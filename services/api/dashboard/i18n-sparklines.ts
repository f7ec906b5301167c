/** Words of the keyword sparklines' export: Indonesian first, English complete. */
export const SPARKLINE_LABELS = {
  id: {
    sparklinesTitle: 'Tren kata kunci: unggahan per hari',
  },
  en: {
    sparklinesTitle: 'Keyword trends: posts per day',
  },
};
