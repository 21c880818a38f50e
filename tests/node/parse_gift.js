// Parse GIFT files with gift-pegjs (the parser Moodle-compatible tools use) and print what it read as JSON,
// one entry per file: {"file": ..., "questions": [...]} or {"file": ..., "error": "line:col: message"}.
"use strict";
const fs = require("fs");
const { parse } = require("gift-pegjs");

const out = [];
for (const file of process.argv.slice(2)) {
    try {
        out.push({ file, questions: parse(fs.readFileSync(file, "utf8")) });
    } catch (e) {
        const where = e.location ? `${e.location.start.line}:${e.location.start.column}: ` : "";
        out.push({ file, error: where + e.message });
    }
}
process.stdout.write(JSON.stringify(out));
