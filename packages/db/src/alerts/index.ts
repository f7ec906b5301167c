// Alerts: rules, the ledger of detected events (one per rule and event) and their deliveries.

export * from './store.ts';
