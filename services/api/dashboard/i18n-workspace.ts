/** Words of the workspace's exports and coverage table: Indonesian first, English complete. */
export const WORKSPACE_LABELS = {
  id: {
    sparklinesTitle: 'Tren kata kunci: unggahan per hari',
    /** The API states a source's limits in English: the tooltip says so. */
    sourceLimits: (limits: string) => `Batas sumber (bahasa Inggris): ${limits}`,
  },
  en: {
    sparklinesTitle: 'Keyword trends: posts per day',
    sourceLimits: (limits: string) => `Source limits: ${limits}`,
  },
};
