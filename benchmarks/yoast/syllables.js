// Yoast's own syllable count (npm yoastseo 3.6.0, English) for each word read from stdin,
// one per line; prints "word<TAB>count" lines. For tuning clinicseo/scoring/syllables.py's
// rules (benchmarks/yoast/syllables.py); run as a separate process, never shipped.
// Usage: NODE_PATH=/path/to/node_modules node syllables.js < words.txt
"use strict";
const fs = require("fs");
const { Paper } = require("yoastseo");
const EnglishResearcher = require("yoastseo/build/languageProcessing/languages/en/Researcher").default;
const countSyllables = require("yoastseo/build/languageProcessing/helpers/syllables/countSyllables").default;

const config = new EnglishResearcher(new Paper("")).getConfig("syllables");
const words = fs.readFileSync(0, "utf8").split("\n").filter(Boolean);
process.stdout.write(words.map((w) => `${w}\t${countSyllables(w, config)}`).join("\n") + "\n");
