// Runtime configuration. The server replaces this file (web.md section 1); this copy serves
// `npm run dev` and keeps every key at its default.
window.ENV = window.ENV || {};
