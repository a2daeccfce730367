"""Saves the trained LoRA adapter and turns it into a GGUF LoRA that llama.cpp loads beside the base."""

import json
import os
import subprocess
import sys


def save_adapter(model, tokenizer, output_dir: str) -> tuple:
    adapter_dir = os.path.join(output_dir, "adapter")
    base_dir = os.path.join(output_dir, "base-config")
    model.save_pretrained(adapter_dir)
    # The converter needs a `--base` folder whose config names the architecture; config and
    # tokenizer are enough. A GGUF-loaded config carries a GGUF quantization config that
    # save_pretrained refuses, so it is dropped first.
    config = model.get_base_model().config
    if getattr(config, "quantization_config", None) is not None:
        del config.quantization_config
    if not getattr(config, "architectures", None):
        config.architectures = [type(model.get_base_model()).__name__]
    config.save_pretrained(base_dir)
    tokenizer.save_pretrained(base_dir)
    return adapter_dir, base_dir


def convert_to_gguf(converter_dir: str, adapter_dir: str, base_dir: str, outfile: str) -> None:
    script = os.path.join(converter_dir, "convert_lora_to_gguf.py")
    if not os.path.exists(script):
        raise FileNotFoundError(f"the LoRA converter is missing at {script}")
    result = subprocess.run(
        [sys.executable, script, "--base", base_dir, "--outfile", outfile, "--outtype", "f32", adapter_dir],
        capture_output=True,
        text=True,
        cwd=converter_dir,
    )
    if result.returncode != 0 or not os.path.exists(outfile):
        tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise RuntimeError("LoRA conversion to GGUF failed: " + " | ".join(tail))


def adapter_settings(adapter_dir: str) -> dict:
    with open(os.path.join(adapter_dir, "adapter_config.json"), encoding="utf-8") as handle:
        config = json.load(handle)
    return {"rank": config.get("r"), "alpha": config.get("lora_alpha"), "targetModules": config.get("target_modules")}
