// Run a Google Forms Apps Script file against a stand-in for FormApp that records what the script creates, and
// print the form as JSON: {title, isQuiz, description, items: [{type, title, points, choices, feedback...}]}.
// Only the FormApp methods Google documents are provided, so a call Google does not offer fails here too.
"use strict";
const fs = require("fs");
const vm = require("vm");

function builder(record, methods) {
    const item = {};
    for (const name of methods) {
        item[name] = function (value) {
            record[name] = value;
            return item;
        };
    }
    return item;
}

function makeForm(title) {
    const form = { title, isQuiz: false, description: "", items: [] };
    const api = {
        setIsQuiz(v) { form.isQuiz = v; return api; },
        setDescription(v) { form.description = v; return api; },
        getEditUrl() { return "https://docs.google.com/forms/d/ID/edit"; },
        getPublishedUrl() { return "https://docs.google.com/forms/d/e/ID/viewform"; },
    };
    const add = (type, methods, choices) => () => {
        const record = { type };
        form.items.push(record);
        const item = builder(record, methods);
        if (choices) {
            item.createChoice = (value, isCorrect) => {
                if (typeof isCorrect !== "boolean") throw new Error("createChoice(value, isCorrect) needs a boolean");
                return { value, isCorrect };
            };
        }
        return item;
    };
    const common = ["setTitle", "setHelpText", "setRequired", "setPoints"];
    api.addSectionHeaderItem = add("section", ["setTitle", "setHelpText"]);
    api.addMultipleChoiceItem = add("multipleChoice",
        [...common, "setChoices", "setFeedbackForCorrect", "setFeedbackForIncorrect"], true);
    api.addListItem = add("list", [...common, "setChoices", "setFeedbackForCorrect", "setFeedbackForIncorrect"], true);
    api.addTextItem = add("text", [...common, "setGeneralFeedback"]);
    api.addParagraphTextItem = add("paragraph", [...common, "setGeneralFeedback"]);
    return { form, api };
}

let made = null;
const FormApp = {
    create(title) {
        if (made) throw new Error("the script made more than one form");
        made = makeForm(title);
        return made.api;
    },
    createFeedback() {
        const fb = {};
        const b = { setText(t) { fb.text = t; return b; }, build() { return fb; } };
        return b;
    },
};
const log = [];
const context = vm.createContext({ FormApp, Logger: { log: (m) => log.push(String(m)) } });
const file = process.argv[2];
vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
vm.runInContext("makeQuiz()", context);
process.stdout.write(JSON.stringify({ ...made.form, log }));
