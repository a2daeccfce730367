"""Extracts llama.cpp's LoRA converter from a llama-cpp-python source distribution.

Usage: python -m flywheel_train.fetch_converter <sdist.tar.gz> <target-dir>
"""

import os
import shutil
import sys
import tarfile

WANTED = ("convert_lora_to_gguf.py", "convert_hf_to_gguf.py", "conversion/", "gguf-py/")


def extract(sdist: str, target: str) -> None:
    staging = target + ".partial"
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
    found = set()
    with tarfile.open(sdist, "r:gz") as archive:
        for member in archive.getmembers():
            marker = "/vendor/llama.cpp/"
            if marker not in member.name or not member.isfile():
                continue
            relative = member.name.split(marker, 1)[1]
            if not any(relative == wanted or relative.startswith(wanted) for wanted in WANTED):
                continue
            if relative.startswith("/") or ".." in relative.split("/"):
                continue
            destination = os.path.join(staging, relative)
            os.makedirs(os.path.dirname(destination), exist_ok=True)
            with archive.extractfile(member) as source, open(destination, "wb") as out:
                shutil.copyfileobj(source, out)
            found.add(relative.split("/")[0] + ("/" if "/" in relative else ""))
    missing = [wanted for wanted in WANTED if wanted not in found]
    if missing:
        shutil.rmtree(staging, ignore_errors=True)
        raise SystemExit(f"the source distribution lacks {', '.join(missing)}")
    shutil.rmtree(target, ignore_errors=True)
    os.rename(staging, target)


if __name__ == "__main__":
    extract(sys.argv[1], sys.argv[2])
