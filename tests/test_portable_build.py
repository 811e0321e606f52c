"""The llama.cpp that the install built runs on any x86-64 CPU with AVX2: its shared libraries
hold no AVX-512 or AMX instruction (scripts/install.sh builds with GGML_NATIVE=OFF, and no code
path in them is chosen at run time). A native build on an AVX-512 machine fails this test."""

from __future__ import annotations

import platform
import re
import shutil
import subprocess
from pathlib import Path

import llama_cpp
import pytest

LIB = Path(llama_cpp.__file__).parent / "lib"
# Operands and mnemonics that only AVX-512 (EVEX) or AMX code has: zmm and tile registers, opmask
# registers, the upper sixteen xmm/ymm registers, and the tile instructions.
BEYOND_AVX2 = re.compile(
    r"%zmm\d|%tmm\d|\{%k[0-7]\}|\bkmov[bwdq]\b|%[xy]mm(?:1[6-9]|2\d|3[01])\b"
    r"|\b(?:tilezero|tileloadd|tileloaddt1|tilestored|ldtilecfg|sttilecfg|tilerelease|tdpb[a-z]+|tdpfp16ps)\b"
)


def _libraries() -> list[Path]:
    return sorted({p.resolve() for p in LIB.glob("*.so*")})


def test_the_build_is_for_x86_64_and_has_libraries() -> None:
    assert platform.machine() in {"x86_64", "AMD64"}
    assert any("ggml-cpu" in p.name for p in _libraries())


@pytest.mark.skipif(shutil.which("objdump") is None, reason="objdump (binutils) is not installed")
@pytest.mark.parametrize("library", _libraries(), ids=lambda p: p.name)
def test_no_avx512_or_amx_instructions(library: Path) -> None:
    listing = subprocess.run(["objdump", "-d", "--no-show-raw-insn", str(library)], capture_output=True,
                             text=True, check=True).stdout
    found = [line.strip() for line in listing.splitlines() if BEYOND_AVX2.search(line)]
    assert not found, f"{library.name}: {len(found)} AVX-512/AMX instructions, e.g. {found[:3]}"


def test_the_pattern_finds_what_a_native_build_holds() -> None:
    native = ["vmovups (%rax),%zmm1", "vpaddd %ymm17,%ymm2,%ymm3", "kmovw %k1,%eax",
              "vaddps %zmm0,%zmm1,%zmm2{%k1}", "tilezero %tmm0", "ldtilecfg (%rdi)", "tdpbssd %tmm2,%tmm1,%tmm0"]
    portable = ["vfmadd231ps %ymm1,%ymm2,%ymm0", "vpmaddubsw %ymm15,%ymm3,%ymm3", "vcvtph2ps %xmm1,%ymm0"]
    assert all(BEYOND_AVX2.search(line) for line in native)
    assert not any(BEYOND_AVX2.search(line) for line in portable)
