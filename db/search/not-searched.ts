/** Records that say how to search and how to record (search words, definitions): not what anyone searches for. */
export const notSearched: ReadonlySet<string> = new Set(['search-words', 'vocabulary', 'record-type', 'field']);
