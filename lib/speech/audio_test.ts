import assert from "node:assert/strict";
import { declaredAudioType, sniffAudio } from "./audio.ts";
import { silentMp3, toneWav } from "./fake_server.ts";

const bytes = (...b: (number | string)[]) =>
  new Uint8Array(
    b.flatMap((x) => typeof x === "string" ? [...x].map((c) => c.charCodeAt(0)) : [x]),
  );

Deno.test("audio - the container is read from the magic bytes", () => {
  assert.equal(sniffAudio(bytes(0x1a, 0x45, 0xdf, 0xa3, 0)), "audio/webm");
  assert.equal(sniffAudio(bytes("OggS", 0)), "audio/ogg");
  assert.equal(sniffAudio(bytes(0, 0, 0, 0x20, "ftypM4A ")), "audio/mp4");
  assert.equal(sniffAudio(toneWav(0.01)), "audio/wav");
  assert.equal(sniffAudio(bytes("fLaC", 0)), "audio/flac");
  assert.equal(sniffAudio(bytes("ID3", 4, 0)), "audio/mpeg");
  assert.equal(sniffAudio(silentMp3(0.1)), "audio/mpeg");
  // AAC in ADTS shares the sync bits but has layer 0; a PNG and text are no audio.
  assert.equal(sniffAudio(bytes(0xff, 0xf1, 0x50, 0x80)), undefined);
  assert.equal(sniffAudio(bytes(0x89, "PNG\r\n")), undefined);
  assert.equal(sniffAudio(bytes("RIFF", 0, 0, 0, 0, "AVI ")), undefined);
  assert.equal(sniffAudio(bytes("hi")), undefined);
});

Deno.test("audio - declared types drop their parameters and know their aliases", () => {
  assert.equal(declaredAudioType("audio/webm;codecs=opus"), "audio/webm");
  assert.equal(declaredAudioType("Audio/X-WAV"), "audio/wav");
  assert.equal(declaredAudioType("audio/x-m4a"), "audio/mp4");
  assert.equal(declaredAudioType("text/plain"), undefined);
  assert.equal(declaredAudioType(null), undefined);
});
