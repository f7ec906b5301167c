// Topics: monitored queries, their tagged posts and back-fill.

export {
  backfillTopic,
  createTopic,
  deleteTopic,
  getTopic,
  listTopics,
  previewTopic,
  type Topic,
  type TopicPreview,
  topicQueries,
  updateTopic,
} from './topics.ts';
