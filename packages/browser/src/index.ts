// @breakwater/browser — browser-only parts of Breakwater. Explicit on purpose: nothing is exported by accident.
export {};
