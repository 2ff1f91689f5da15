// happy-dom has no IndexedDB: fake-indexeddb provides a spec-complete one for unit tests.
import 'fake-indexeddb/auto';
