// Runs Yoast SEO's own analysis (npm yoastseo) on the documents benchmarks/score.py writes.
// Usage: NODE_PATH=/tmp/yoast-bench/node_modules node analyze.js docs.json > results.json
// Input: [{"html", "keyphrase", "title", "description", "slug"}]; output: per document the
// Flesch figure, the readability and SEO results and scores, and the analysis time in ms.
"use strict";
const fs = require("fs");
const { Paper, ContentAssessor, SeoAssessor } = require("yoastseo");
const EnglishResearcher = require("yoastseo/build/languageProcessing/languages/en/Researcher").default;
const { build } = require("yoastseo/build/parse/build");
const LanguageProcessor = require("yoastseo/build/parse/language/LanguageProcessor").default;

function analyse(doc) {
	const paper = new Paper(doc.html, {
		keyword: doc.keyphrase || "", title: doc.title || "", description: doc.description || "",
		slug: doc.slug || "", locale: "en_US", titleWidth: doc.titleWidth || 0,
	});
	const researcher = new EnglishResearcher(paper);
	paper.setTree(build(paper, new LanguageProcessor(researcher)));
	const content = new ContentAssessor(researcher);
	content.assess(paper);
	const seo = new SeoAssessor(researcher);
	seo.assess(paper);
	const results = (a) => a.getValidResults().map((r) => [r.getIdentifier(), r.getScore()]);
	return {
		flesch: researcher.getResearch("getFleschReadingScore"),
		readability: results(content), readability_score: content.calculateOverallScore(),
		seo: results(seo), seo_score: seo.calculateOverallScore(),
	};
}

const docs = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const out = [];
analyse(docs[0]); // warm-up, like ours
for (const doc of docs) {
	const t0 = process.hrtime.bigint();
	const r = analyse(doc);
	r.ms = Number(process.hrtime.bigint() - t0) / 1e6;
	out.push(r);
}
process.stdout.write(JSON.stringify(out));
