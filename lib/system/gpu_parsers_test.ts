import assert from "node:assert/strict";
import {
  mergeGpus,
  parseLspci,
  parseNvidiaSmi,
  parseRocmSmi,
  parseSysctl,
  vendorOf,
} from "./gpu_parsers.ts";

const MIB = 1024 * 1024;

Deno.test("system - nvidia-smi output with several GPUs gives each name and its VRAM", () => {
  const out = "NVIDIA GeForce RTX 4090, 24564\nNVIDIA GeForce RTX 3060, 12288\n";
  assert.deepEqual(parseNvidiaSmi(out), [
    {
      vendor: "nvidia",
      name: "NVIDIA GeForce RTX 4090",
      vramBytes: 24564 * MIB,
      source: "nvidia-smi",
    },
    {
      vendor: "nvidia",
      name: "NVIDIA GeForce RTX 3060",
      vramBytes: 12288 * MIB,
      source: "nvidia-smi",
    },
  ]);
});

Deno.test("system - nvidia-smi odd spacing, CRLF and [N/A] memory still parse", () => {
  const out = "  Tesla T4 ,   15360  \r\nNVIDIA GeForce MX450, [N/A]\r\n\r\n";
  assert.deepEqual(parseNvidiaSmi(out), [
    { vendor: "nvidia", name: "Tesla T4", vramBytes: 15360 * MIB, source: "nvidia-smi" },
    { vendor: "nvidia", name: "NVIDIA GeForce MX450", source: "nvidia-smi" },
  ]);
});

Deno.test("system - nvidia-smi error prose and garbage yield no GPU", () => {
  const out = [
    "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.",
    "No devices were found",
    "Failed to initialize NVML: Driver/library version mismatch",
    "foo, bar",
    ", 1024",
    "\u0000\u0001binary junk",
  ].join("\n");
  assert.deepEqual(parseNvidiaSmi(out), []);
  assert.deepEqual(parseNvidiaSmi(""), []);
});

Deno.test("system - rocm-smi JSON from ROCm 6 with two cards and a warning in front", () => {
  const out = "WARNING: AMD GPU device(s) is/are in a low-power state.\n\n" + JSON.stringify({
    card1: {
      "Card Series": "Radeon RX 7600",
      "Card Vendor": "Advanced Micro Devices, Inc. [AMD/ATI]",
      "VRAM Total Memory (B)": "8573157376",
    },
    card0: {
      "Card Series": "Radeon RX 7900 XTX",
      "Card Model": "0x744c",
      "GFX Version": "gfx1100",
      "VRAM Total Memory (B)": "25753026560",
      "VRAM Total Used Memory (B)": "1102204928",
    },
  }) + "\n";
  assert.deepEqual(parseRocmSmi(out), [
    { vendor: "amd", name: "Radeon RX 7900 XTX", vramBytes: 25753026560, source: "rocm-smi" },
    { vendor: "amd", name: "Radeon RX 7600", vramBytes: 8573157376, source: "rocm-smi" },
  ]);
});

Deno.test("system - rocm-smi JSON from ROCm 5 uses lower-case keys and may lack memory", () => {
  const out = JSON.stringify({
    card0: { "Card series": "Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]", "Card model": "0x73bf" },
    system: { "Driver version": "6.2.4" },
  });
  assert.deepEqual(parseRocmSmi(out), [
    { vendor: "amd", name: "Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]", source: "rocm-smi" },
  ]);
});

Deno.test("system - rocm-smi garbage, arrays and broken JSON yield no GPU", () => {
  for (const out of ["", "not json {", "{ broken: ", "[1, 2]", '{"card0": "text"}', "null"]) {
    assert.deepEqual(parseRocmSmi(out), [], out);
  }
  assert.deepEqual(parseRocmSmi('{"card0": {"VRAM Total Memory (B)": "N/A"}}'), [
    { vendor: "amd", name: "AMD GPU", source: "rocm-smi" },
  ]);
});

Deno.test("system - lspci keeps VGA, 3D and display controllers and names their vendors", () => {
  const out = [
    "00:00.0 Host bridge: Intel Corporation 12th Gen Core Processor Host Bridge/DRAM Registers (rev 02)",
    "00:02.0 VGA compatible controller: Intel Corporation Alder Lake-P GT2 [Iris Xe Graphics] (rev 0c)",
    "01:00.0 3D controller: NVIDIA Corporation GA107M [GeForce RTX 3050 Mobile] (rev a1)",
    "03:00.0 Display controller: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 (rev c1)",
    "00:0f.0 VGA compatible controller: VMware SVGA II Adapter",
    "00:14.0 USB controller: Intel Corporation Alder Lake PCH USB 3.2 xHCI Host Controller",
  ].join("\n");
  assert.deepEqual(parseLspci(out), [
    {
      vendor: "intel",
      name: "Intel Corporation Alder Lake-P GT2 [Iris Xe Graphics]",
      source: "lspci",
    },
    {
      vendor: "nvidia",
      name: "NVIDIA Corporation GA107M [GeForce RTX 3050 Mobile]",
      source: "lspci",
    },
    { vendor: "amd", name: "Advanced Micro Devices, Inc. [AMD/ATI] Navi 21", source: "lspci" },
    { vendor: "other", name: "VMware SVGA II Adapter", source: "lspci" },
  ]);
});

Deno.test("system - lspci -nn class and device ids are stripped and repeats dropped", () => {
  const line =
    "0000:01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)";
  assert.deepEqual(parseLspci(`${line}\n${line}\r\n  \n???`), [
    { vendor: "nvidia", name: "NVIDIA Corporation GA102 [GeForce RTX 3090]", source: "lspci" },
  ]);
  assert.deepEqual(parseLspci("lspci: Cannot find any working access method."), []);
});

Deno.test("system - sysctl on Apple silicon reports a unified-memory GPU", () => {
  assert.deepEqual(parseSysctl("Apple M2 Pro\n34359738368\n"), [
    {
      vendor: "apple",
      name: "Apple M2 Pro GPU",
      vramBytes: 34359738368,
      unifiedMemory: true,
      source: "sysctl",
    },
  ]);
});

Deno.test("system - sysctl on an Intel Mac or with garbage reports no GPU", () => {
  assert.deepEqual(parseSysctl("Intel(R) Core(TM) i9-9880H CPU @ 2.30GHz\n17179869184\n"), []);
  assert.deepEqual(parseSysctl(""), []);
  assert.deepEqual(parseSysctl("sysctl: unknown oid 'machdep.cpu.brand_string'"), []);
});

Deno.test("system - vendors are recognised from free text", () => {
  assert.equal(vendorOf("Advanced Micro Devices, Inc. [AMD/ATI] Ellesmere"), "amd");
  assert.equal(vendorOf("NVIDIA Corporation TU104"), "nvidia");
  assert.equal(vendorOf("Intel Corporation UHD Graphics 630"), "intel");
  assert.equal(vendorOf("ASPEED Technology, Inc. ASPEED Graphics Family"), "other");
});

Deno.test("system - lspci entries give way to the vendor's own tool, others stay", () => {
  const nvidia = parseNvidiaSmi("NVIDIA GeForce RTX 3050 Laptop GPU, 4096");
  const lspci = parseLspci([
    "00:02.0 VGA compatible controller: Intel Corporation Alder Lake-P GT2 [Iris Xe Graphics]",
    "01:00.0 3D controller: NVIDIA Corporation GA107M [GeForce RTX 3050 Mobile] (rev a1)",
    "03:00.0 Display controller: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 (rev c1)",
  ].join("\n"));
  const merged = mergeGpus({ nvidia, amd: [], apple: [], lspci });
  assert.deepEqual(merged.map((g) => [g.vendor, g.source]), [
    ["nvidia", "nvidia-smi"],
    ["intel", "lspci"],
    ["amd", "lspci"],
  ]);
});
