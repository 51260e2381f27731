// Runs Yoast SEO's own analysis (npm yoastseo 3.6.0) on documents, as a separate process.
// Usage: NODE_PATH=/path/to/node_modules node analyze.js docs.json [--details] > results.json
// Input: [{"html", "keyphrase", "title", "description", "slug", "titleWidth"}]; output: per
// document the Flesch figure, the readability and SEO results and scores, the word count and
// the analysis time in ms. --details adds what the researches saw (for tuning, not stored):
// Flesch's sentence, word and syllable counts, the sentences, passive and transition sentences.
"use strict";
const fs = require("fs");
const { Paper, ContentAssessor, SeoAssessor } = require("yoastseo");
const EnglishResearcher = require("yoastseo/build/languageProcessing/languages/en/Researcher").default;
const { build } = require("yoastseo/build/parse/build");
const LanguageProcessor = require("yoastseo/build/parse/language/LanguageProcessor").default;
const helper = (p) => require("yoastseo/build/languageProcessing/helpers/" + p).default;

function analyse(doc, details) {
	const paper = new Paper(doc.html, {
		keyword: doc.keyphrase || "", title: doc.title || "", description: doc.description || "",
		slug: doc.slug || "", locale: "en_US", titleWidth: doc.titleWidth || 0,
		permalink: doc.permalink || "",
	});
	const researcher = new EnglishResearcher(paper);
	paper.setTree(build(paper, new LanguageProcessor(researcher)));
	const content = new ContentAssessor(researcher);
	content.assess(paper);
	const seo = new SeoAssessor(researcher);
	seo.assess(paper);
	const results = (a) => a.getValidResults().map((r) => [r.getIdentifier(), r.getScore()]);
	const out = {
		flesch: researcher.getResearch("getFleschReadingScore"),
		words: researcher.getResearch("wordCountInText").count,
		readability: results(content), readability_score: content.calculateOverallScore(),
		seo: results(seo), seo_score: seo.calculateOverallScore(),
	};
	if (details) {
		const text = helper("sanitize/stripNumbers")(paper.getText());
		const tokenizer = researcher.getHelper("memoizedTokenizer");
		out.flesch_counts = {
			sentences: helper("sentence/countSentences")(text, tokenizer),
			words: helper("word/countWords")(text),
			syllables: helper("syllables/countSyllables")(text, researcher.getConfig("syllables")),
		};
		out.sentences = helper("sentence/getSentences")(paper.getText(), tokenizer);
		out.tree_sentences = helper("sentence/getSentencesFromTree")(paper.getTree()).map((s) => s.text);
		out.passives = researcher.getResearch("getPassiveVoiceResult").passives;
		out.transitions = researcher.getResearch("findTransitionWords").sentenceResults.map((r) => r.sentence.text);
		const words = helper("word/getWords")(text);
		out.syllables = words.map((w) => [w, helper("syllables/countSyllables")(w, researcher.getConfig("syllables"))]);
	}
	return out;
}

const docs = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const details = process.argv.includes("--details");
const out = [];
if (docs.length) analyse(docs[0], false); // warm-up, like ours
for (const doc of docs) {
	const t0 = process.hrtime.bigint();
	const r = analyse(doc, details);
	r.ms = Number(process.hrtime.bigint() - t0) / 1e6;
	out.push(r);
}
process.stdout.write(JSON.stringify(out));
