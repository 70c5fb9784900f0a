// Bench input: varied review-like prose written for this project (no data set needed), long enough
// for 512 tokens. Each repetition starts at another sentence, so no two runs see the same text and
// the model's run cache never answers.
const SENTENCES = [
  'I went in expecting a quiet period drama and came out arguing with my friends about it for an hour.',
  'The opening twenty minutes are slow, almost stubbornly so, but the patience pays off.',
  'Every scene in the old lighthouse is lit like a painting, and the sound of the sea never lets you forget where you are.',
  'The lead gives a restrained performance that grows more moving the less she says.',
  'Her brother, on the other hand, is written as a cartoon villain and the actor cannot rescue him.',
  'There is a dinner sequence in the middle that is as tense as any thriller I have seen this year.',
  'Sadly the third act throws that tension away on a chase that makes little sense.',
  'The score is lovely when it is quiet and overbearing when the strings swell.',
  'I laughed twice, both times at lines that were clearly meant to be funny, which is more than most comedies manage.',
  'The editing is choppy in places, as if whole scenes were cut late and nobody smoothed the seams.',
  'Still, the final shot of the empty harbour stayed with me for days.',
  'My partner thought it was boring and fell asleep before the storm scene.',
  'I would not call it a masterpiece, but it is honest, careful and often beautiful.',
  'The supporting cast of fishermen and shopkeepers feels lived in rather than decorative.',
  'A subplot about the lost letters is introduced with great care and then simply dropped.',
  'Some of the dialogue is stiff, especially in the courtroom, where everyone speaks in speeches.',
  'The costumes are wonderful without calling attention to themselves.',
  'It runs at least fifteen minutes too long, and you feel every one of them near the end.',
  'Even so, I have recommended it to everyone who likes slow films with a strong sense of place.',
  'The director clearly loves this coast, and that love is the best reason to watch.',
  'If you found the trailer dull, the film will not change your mind.',
  'If the trailer made you curious, give it an evening and a large cup of tea.',
  'The child actor is surprisingly good, natural and never cute for the sake of it.',
  'I did not believe the romance for a second; the two leads have no chemistry at all.',
  'The cinematography alone would make it worth seeing on a big screen.',
  'Several critics called it cold, but I found it warm in a quiet, unshowy way.',
  'The ending is ambiguous, and I suspect that will annoy as many people as it pleases.',
  'On a second viewing the small details in the background become the real story.',
  'The sound mix buries some important lines under wind and rain.',
  'Overall it is a flawed, patient and memorable film that deserves a bigger audience.',
];

/** A text of well over `minTokens` word pieces, starting at sentence `start`. */
export function benchText(start: number, minTokens: number): string {
  const out: string[] = [];
  // About 20 word pieces per sentence; twice the need leaves room for any tokenizer.
  const count = Math.ceil((minTokens * 2) / 20) + SENTENCES.length;
  for (let i = 0; i < count; i++) out.push(SENTENCES[(start + i) % SENTENCES.length]);
  return out.join(' ');
}
