export {
  addToTopicVolume,
  addToVolume,
  allPlatformsPerDay,
  readVolumeRows,
  rebuildVolume,
  type Volume,
  type VolumePeriod,
  type VolumePost,
  type VolumeRow,
  volumeOf,
  volumeSeries,
} from './queries.ts';
export {
  type DistinctAuthorsMethod,
  EXACT_DISTINCT_AUTHORS,
  emptySketch,
  estimateDistinct,
  SKETCH_METHOD,
  SKETCH_REGISTERS,
  SKETCH_RELATIVE_STANDARD_ERROR,
  sketchEntry,
  unionInto,
} from './sketch.ts';
