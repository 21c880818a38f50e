// How the quiz above becomes a Google Form. Nothing below needs changing.

function makeQuiz() {
  var form = FormApp.create(QUIZ.title);
  form.setIsQuiz(true);
  form.setDescription(QUIZ.description);
  QUIZ.parts.forEach(function (part) {
    form.addSectionHeaderItem().setTitle(part.heading).setHelpText(part.instructions);
    part.items.forEach(function (q) {
      addItem(form, q);
    });
  });
  Logger.log('Your quiz is ready. Edit it: ' + form.getEditUrl());
  Logger.log('Send this link to students: ' + form.getPublishedUrl());
}

function feedback(text) {
  return FormApp.createFeedback().setText(text).build();
}

function addItem(form, q) {
  var item;
  if (q.kind === 'header') {
    form.addSectionHeaderItem().setTitle(q.title).setHelpText(q.help);
    return;
  }
  if (q.kind === 'choice' || q.kind === 'dropdown') {
    item = q.kind === 'choice' ? form.addMultipleChoiceItem() : form.addListItem();
    item.setTitle(q.title).setPoints(q.points).setRequired(true);
    item.setChoices(q.choices.map(function (text, i) {
      return item.createChoice(text, i === q.correct);
    }));
    item.setFeedbackForCorrect(feedback(q.feedback));
    item.setFeedbackForIncorrect(feedback(q.feedback));
    return;
  }
  item = q.kind === 'paragraph' ? form.addParagraphTextItem() : form.addTextItem();
  item.setTitle(q.title).setPoints(q.points).setRequired(true);
  item.setGeneralFeedback(feedback(q.feedback));
}
