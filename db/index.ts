export { createEngine, contract, type Engine, type MethodName, type ArgsOf, type ResultOf } from './service.js';
export { createArchive, openArchive, wipeArchive, Archive } from './store/archive.js';
export { verifyArchive, type VerifyReport } from './verify-archive.js';
export { VigilError, toErrorData, type ErrorCode, type ErrorData } from './errors.js';
export { recordSchemas, recordTypes, type RecordType, type RecordData, type RecordInput } from './shared/schemas.js';
export { parseFuzzyDate } from './shared/fuzzy-date.js';
export { vocabularies } from './shared/vocabularies.js';
