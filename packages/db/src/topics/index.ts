// Topics: monitored queries, their tagged posts and back-fill.

export { backfillTopic, createTopic, deleteTopic, getTopic, listTopics, type Topic, topicQueries, updateTopic } from './topics.ts';
