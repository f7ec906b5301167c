// Subscriptions to the morning brief: who gets which day's report, how, and the ledger of each delivery.

export * from './store.ts';
