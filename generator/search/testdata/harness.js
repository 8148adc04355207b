// Runs templates/assets/search.js under Node for search_js_test.go:
//   node harness.js SEARCH_JS tokens CASES_JSON  → the tokens of each case
//   node harness.js SEARCH_JS queries CASES_JSON → the query terms of each case
//   node harness.js SEARCH_JS search INDEX_DIR QUERIES_JSON → the ranked documents of each query
const fs = require("fs");
const path = require("path");
const [script, cmd, arg1, arg2] = process.argv.slice(2);
const { tokenize, queryTerms, Index } = require(path.resolve(script));

if (cmd === "tokens" || cmd === "queries") {
  const cases = JSON.parse(fs.readFileSync(arg1, "utf8"));
  const fn = cmd === "tokens" ? tokenize : queryTerms;
  process.stdout.write(JSON.stringify(cases.map((c) => fn(c.in))));
} else if (cmd === "search") {
  const read = (url) => Promise.resolve(fs.readFileSync(url, "utf8"));
  const url = path.join(arg1, "index.json");
  const x = new Index(url, JSON.parse(fs.readFileSync(url, "utf8")), read);
  const queries = JSON.parse(arg2);
  Promise.all(queries.map((q) => x.search(q, {}).then((hits) => hits.map((h) => h.doc))))
    .then((all) => process.stdout.write(JSON.stringify(all)));
}
