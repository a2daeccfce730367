"""LoRA training of a GGUF chat model on CPU (or a GPU when there is one), reporting as it goes."""

import math
import os
import random
import resource
import time

from .examples import collate, encode_all, read_jsonl
from .protocol import Cancelled


def load_base(gguf_path: str, threads: int):
    """Loads the GGUF through transformers, which dequantizes llama-architecture weights to float32."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.set_num_threads(max(1, threads))
    directory, name = os.path.split(os.path.abspath(gguf_path))
    tokenizer = AutoTokenizer.from_pretrained(directory, gguf_file=name)
    model = AutoModelForCausalLM.from_pretrained(directory, gguf_file=name, dtype=torch.float32)
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    return model, tokenizer


def peak_memory_bytes() -> int:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def train(channel, request: dict) -> dict:
    import torch
    from peft import LoraConfig, get_peft_model

    settings = request.get("hyperparameters", {})
    seed = int(settings.get("seed", 42))
    rank = int(settings.get("rank", 8))
    alpha = float(settings.get("alpha", rank * 2))
    batch_size = int(settings.get("batchSize", 4))
    max_length = int(settings.get("maxSequenceLength", 256))
    learning_rate = float(settings.get("learningRate", 5e-4))
    epochs = float(settings.get("epochs", 3))
    max_steps = settings.get("maxSteps")
    targets = settings.get("targetModules", ["q_proj", "v_proj"])
    random.seed(seed)
    torch.manual_seed(seed)

    channel.emit("phase", phase="loading")
    started = time.time()
    model, tokenizer = load_base(request["baseGguf"], int(request.get("threads", 2)))
    device = "cuda" if torch.cuda.is_available() and request.get("device", "auto") != "cpu" else "cpu"
    model.to(device)
    train_rows = read_jsonl(request["trainFile"])
    examples, skipped = encode_all(tokenizer, train_rows, max_length)
    if not examples:
        raise ValueError(f"no training example fits in {max_length} tokens")
    validation = []
    if request.get("validationFile"):
        validation, _ = encode_all(tokenizer, read_jsonl(request["validationFile"]), max_length)
    channel.emit("log", message=f"loaded base in {time.time() - started:.1f}s; {len(examples)} examples ({skipped} too long) on {device}")

    model = get_peft_model(model, LoraConfig(r=rank, lora_alpha=alpha, lora_dropout=0.05, target_modules=targets, task_type="CAUSAL_LM"))
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=learning_rate, weight_decay=0.0)
    steps_per_epoch = math.ceil(len(examples) / batch_size)
    total_steps = int(max_steps) if max_steps else max(1, math.ceil(epochs * steps_per_epoch))
    warmup = min(5, total_steps // 10)

    def rate(step: int) -> float:
        if step < warmup:
            return learning_rate * (step + 1) / (warmup + 1)
        return learning_rate * max(0.1, 1 - (step - warmup) / max(1, total_steps - warmup))

    channel.emit("phase", phase="training", totalSteps=total_steps)
    model.train()
    order: list = []
    tokens = 0
    loss_value = float("nan")
    train_started = time.time()
    for step in range(total_steps):
        if channel.cancelled.is_set():
            raise Cancelled()
        if not order:
            order = list(range(len(examples)))
            random.shuffle(order)
        batch = [examples[order.pop()] for _ in range(min(batch_size, len(order)))]
        ids, labels, mask = (tensor.to(device) for tensor in collate(batch, tokenizer.pad_token_id))
        for group in optimizer.param_groups:
            group["lr"] = rate(step)
        loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_([p for p in model.parameters() if p.requires_grad], 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        loss_value = float(loss.detach())
        tokens += int(mask.sum())
        elapsed = time.time() - train_started
        per_step = elapsed / (step + 1)
        channel.emit(
            "progress",
            step=step + 1,
            totalSteps=total_steps,
            epoch=round((step + 1) / steps_per_epoch, 3),
            loss=round(loss_value, 5),
            learningRate=rate(step),
            tokens=tokens,
            elapsedSeconds=round(elapsed, 3),
            secondsPerStep=round(per_step, 4),
            etaSeconds=round(per_step * (total_steps - step - 1), 1),
        )
    train_seconds = time.time() - train_started
    metrics = {
        "steps": total_steps,
        "trainLoss": loss_value,
        "trainSeconds": round(train_seconds, 3),
        "secondsPerStep": round(train_seconds / total_steps, 4),
        "tokensPerSecond": round(tokens / train_seconds, 2) if train_seconds > 0 else None,
        "trainTokens": tokens,
        "examples": len(examples),
        "skippedTooLong": skipped,
        "device": device,
    }
    if validation:
        metrics["validationLoss"] = validation_loss(model, validation, tokenizer.pad_token_id, batch_size, device)
        channel.emit("eval", step=total_steps, validationLoss=metrics["validationLoss"])
    metrics["peakMemoryBytes"] = peak_memory_bytes()
    return {"model": model, "tokenizer": tokenizer, "metrics": metrics}


def validation_loss(model, examples: list, pad_id: int, batch_size: int, device: str) -> float:
    import torch

    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(examples), batch_size):
            batch = examples[start : start + batch_size]
            ids, labels, mask = (tensor.to(device) for tensor in collate(batch, pad_id))
            total += float(model(input_ids=ids, attention_mask=mask, labels=labels).loss) * len(batch)
            count += len(batch)
    model.train()
    return round(total / max(1, count), 5)
