/**
 * Deterministic, realistic-looking chat text for the search and render benchmarks: words drawn
 * from a Zipf distribution over common English, household topics and a long tail of rarer
 * made-up terms (names, products), written as questions and Markdown answers.
 */
import { rng } from "./harness.ts";

const COMMON = ("the of and to a in is it you that he was for on are with as I his they be at " +
  "one have this from or had by not word but what some we can out other were all there when up " +
  "use your how said an each she which do their time if will way about many then them write " +
  "would like so these her long make thing see him two has look more day could go come did " +
  "number sound no most people my over know water than call first who may down side been now " +
  "find any new work part take get place made live where after back little only round man year " +
  "came show every good me give our under name very through just form sentence great think say " +
  "help low line differ turn cause much mean before move right boy old too same tell does set " +
  "three want air well also play small end put home read hand port large spell add even land " +
  "here must big high such follow act why ask men change went light kind off need house picture " +
  "try us again animal point mother world near build self earth father head stand own page").split(
    " ",
  );

const TOPICS = ("recipe garden tomato basil oven dinner lunch breakfast invoice holiday train " +
  "ticket flight hotel booking dentist doctor appointment school homework math physics history " +
  "essay birthday present party cake bicycle tyre repair printer driver wifi router password " +
  "backup photo album camera battery charger laptop keyboard monitor calendar meeting reminder " +
  "budget savings mortgage insurance electricity heating boiler plumber leak roof window curtain " +
  "paint wallpaper furniture sofa wardrobe laundry detergent vacuum dishwasher fridge freezer " +
  "grocery shopping list vegetables fruit apple banana pasta rice chicken salmon soup bread " +
  "flour sugar yeast dough pizza sauce garlic onion pepper salt olive cheese yoghurt milk coffee " +
  "tea kettle mug weather forecast rain snow umbrella jacket boots hiking mountain lake river " +
  "camping tent sleeping bag map compass football tennis swimming running marathon training " +
  "knee injury stretch yoga meditation sleep alarm morning evening weekend vacation museum " +
  "library novel chapter author poem translation german french spanish grammar vocabulary " +
  "guitar piano lesson practice song concert ticket podcast episode series movie cinema " +
  "javascript typescript python function variable error exception server database query " +
  "deploy docker container kubernetes linux terminal script regex compile test bug feature").split(
    " ",
  );

const SYLLABLES = "ka lo mi ra tes vin dor sa ple qui mon tar bel fu nex ro zan dri co ve lu pa"
  .split(
    " ",
  );

/** Words by rank, most frequent first: common, topics, then a tail of 3,000 rarer terms. */
function vocabulary(): string[] {
  const rand = rng(7);
  const tail = new Set<string>();
  while (tail.size < 3_000) {
    let w = "";
    const n = 2 + Math.floor(rand() * 3);
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    tail.add(w);
  }
  return [...new Set([...COMMON, ...TOPICS, ...tail])];
}

/** Words of the vocabulary plus a sampler with Zipf's law (exponent 1.05). */
export class TextGen {
  readonly words = vocabulary();
  readonly #cumulative: Float64Array;
  readonly #rand: () => number;

  constructor(seed: number) {
    this.#rand = rng(seed);
    this.#cumulative = new Float64Array(this.words.length);
    let sum = 0;
    for (let r = 0; r < this.words.length; r++) {
      sum += 1 / Math.pow(r + 1, 1.05);
      this.#cumulative[r] = sum;
    }
    for (let r = 0; r < this.words.length; r++) this.#cumulative[r] /= sum;
  }

  /** A number in [0, 1). */
  random(): number {
    return this.#rand();
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.#rand() * (max - min + 1));
  }

  /** One word, Zipf-distributed; `from` skips the most frequent ranks (content words only). */
  word(from = 0): string {
    const x = this.#rand();
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo >= from ? this.words[lo] : this.words[from + Math.floor(this.#rand() * 500)];
  }

  sentence(min = 5, max = 22): string {
    const n = this.int(min, max);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(this.word());
    const s = parts.join(" ");
    return s[0].toUpperCase() + s.slice(1) + (this.#rand() < 0.15 ? "?" : ".");
  }

  /** A question as a person types it. */
  question(): string {
    const n = this.int(1, 3);
    return Array.from({ length: n }, () => this.sentence(4, 18)).join(" ");
  }

  /** An assistant answer in Markdown: paragraphs, sometimes a list, code or emphasis. */
  answer(): string {
    const blocks: string[] = [];
    const paragraphs = this.int(1, 4);
    for (let p = 0; p < paragraphs; p++) {
      let text = Array.from({ length: this.int(2, 5) }, () => this.sentence()).join(" ");
      if (this.#rand() < 0.3) text = text.replace(/ (\w+) /, " **$1** ");
      if (this.#rand() < 0.2) text = text.replace(/ (\w+)\./, " `$1`.");
      blocks.push(text);
      if (this.#rand() < 0.25) {
        const items = this.int(3, 6);
        blocks.push(
          Array.from(
            { length: items },
            (_, i) => `${this.#rand() < 0.5 ? "-" : `${i + 1}.`} ${this.sentence(3, 10)}`,
          ).join("\n"),
        );
      }
    }
    if (this.#rand() < 0.15) {
      const lines = Array.from(
        { length: this.int(3, 10) },
        () => `const ${this.word(150)} = ${this.word(150)}("${this.word()}");`,
      );
      blocks.push("```ts\n" + lines.join("\n") + "\n```");
    }
    if (this.#rand() < 0.2) blocks.unshift(`## ${this.sentence(2, 5).replace(/[.?]$/, "")}`);
    return blocks.join("\n\n");
  }
}
