"""LoRA training of a GGUF chat model on CPU (or a GPU when there is one), reporting as it goes.

Without an explicit learning rate or step count the job sweeps: it trains a short probe at each
learning rate of a small grid (the LoRA re-initialised each time, on the one loaded base model),
measures each on the validation split, continues the best probe with early stopping, and keeps
its best checkpoint.
"""

import math
import os
import random
import resource
import time

from .examples import collate, encode_all, read_jsonl
from .protocol import Cancelled
from .selection import EarlyStopping, choose_trial


def load_base(gguf_path: str, threads: int):
    """Loads the GGUF through transformers, which dequantizes llama- and qwen2-architecture weights to float32."""
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


class Run:
    """Training at one learning rate: its optimizer, data order, schedule (warmup, then linear decay to a tenth) and steps."""

    def __init__(self, params: list, examples: list, learning_rate: float, total_steps: int, batch_size: int, seed: int) -> None:
        import torch

        self.params = params
        self.examples = examples
        self.learning_rate = learning_rate
        self.total_steps = total_steps
        self.batch_size = batch_size
        self.optimizer = torch.optim.AdamW(params, lr=learning_rate, weight_decay=0.0)
        self.random = random.Random(seed)
        self.order: list = []
        self.warmup = min(5, total_steps // 10)
        self.step = 0
        self.tokens = 0
        self.loss = float("nan")
        self.step_seconds = 0.0
        self.weights = None

    def rate(self, step: int) -> float:
        if step < self.warmup:
            return self.learning_rate * (step + 1) / (self.warmup + 1)
        return self.learning_rate * max(0.1, 1 - (step - self.warmup) / max(1, self.total_steps - self.warmup))

    def advance(self, model, pad_id: int, device: str) -> None:
        import torch

        started = time.time()
        if not self.order:
            self.order = list(range(len(self.examples)))
            self.random.shuffle(self.order)
        batch = [self.examples[self.order.pop()] for _ in range(min(self.batch_size, len(self.order)))]
        ids, labels, mask = (tensor.to(device) for tensor in collate(batch, pad_id))
        for group in self.optimizer.param_groups:
            group["lr"] = self.rate(self.step)
        loss = model(input_ids=ids, attention_mask=mask, labels=labels).loss
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.params, 1.0)
        self.optimizer.step()
        self.optimizer.zero_grad(set_to_none=True)
        self.loss = float(loss.detach())
        self.tokens += int(mask.sum())
        self.step += 1
        self.step_seconds += time.time() - started


def snapshot(params: list) -> list:
    return [param.detach().clone() for param in params]


def restore(params: list, weights: list) -> None:
    for param, saved in zip(params, weights):
        param.data.copy_(saved)


def train(channel, request: dict) -> dict:
    import torch
    from peft import LoraConfig, get_peft_model

    settings = request.get("hyperparameters", {})
    seed = int(settings.get("seed", 42))
    rank = int(settings.get("rank", 8))
    alpha = float(settings.get("alpha", rank * 2))
    batch_size = int(settings.get("batchSize", 4))
    max_length = int(settings.get("maxSequenceLength", 256))
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
    examples, skipped = encode_all(tokenizer, read_jsonl(request["trainFile"]), max_length)
    if not examples:
        raise ValueError(f"no training example fits in {max_length} tokens")
    validation = []
    if request.get("validationFile"):
        validation, _ = encode_all(tokenizer, read_jsonl(request["validationFile"]), max_length)
    channel.emit("log", message=f"loaded base in {time.time() - started:.1f}s; {len(examples)} examples ({skipped} too long) on {device}")

    model = get_peft_model(model, LoraConfig(r=rank, lora_alpha=alpha, lora_dropout=0.05, target_modules=targets, task_type="CAUSAL_LM"))
    params = [param for param in model.parameters() if param.requires_grad]
    steps_per_epoch = math.ceil(len(examples) / batch_size)
    budget = int(max_steps) if max_steps else max(1, math.ceil(epochs * steps_per_epoch))
    pad_id = tokenizer.pad_token_id
    sweep = request.get("sweep") if validation else None
    model.train()
    train_started = time.time()
    if sweep:
        run, report = sweep_and_train(channel, model, params, examples, validation, pad_id, device, sweep, budget, batch_size, seed)
        runs = report.pop("runs")
    else:
        if request.get("sweep"):
            channel.emit("log", message="no validation split: the learning rate and step count are the defaults")
        run = Run(params, examples, float(settings.get("learningRate", 1e-3)), budget, batch_size, seed)
        channel.emit("phase", phase="training", totalSteps=budget)
        progress = Progress(channel, budget, steps_per_epoch)
        for _ in range(budget):
            check_cancelled(channel)
            run.advance(model, pad_id, device)
            progress.report(run)
        runs, report = [run], None
    train_seconds = time.time() - train_started
    run_steps = sum(item.step for item in runs)
    step_seconds = sum(item.step_seconds for item in runs)
    tokens = sum(item.tokens for item in runs)
    metrics = {
        "steps": run.step if report is None else report["chosen"]["steps"],
        "learningRate": run.learning_rate,
        "trainLoss": run.loss,
        "trainSeconds": round(train_seconds, 3),
        "secondsPerStep": round(step_seconds / max(1, run_steps), 4),
        "tokensPerSecond": round(tokens / step_seconds, 2) if step_seconds > 0 else None,
        "trainTokens": tokens,
        "examples": len(examples),
        "skippedTooLong": skipped,
        "device": device,
    }
    if report is not None:
        metrics["sweep"] = report
    if validation:
        point = validation_point(model, validation, pad_id, batch_size, device)
        metrics["validationLoss"] = point["loss"]
        metrics["validationAccuracy"] = point["accuracy"]
        channel.emit("eval", step=metrics["steps"], validationLoss=point["loss"], validationAccuracy=point["accuracy"])
    metrics["peakMemoryBytes"] = peak_memory_bytes()
    return {"model": model, "tokenizer": tokenizer, "metrics": metrics}


class Progress:
    """Emits a progress event after each step, counting the steps of every run of the job."""

    def __init__(self, channel, planned: int, steps_per_epoch: int) -> None:
        self.channel = channel
        self.planned = planned
        self.steps_per_epoch = steps_per_epoch
        self.done = 0
        self.started = time.time()
        self.trial: dict = {}

    def report(self, run: Run) -> None:
        self.done += 1
        elapsed = time.time() - self.started
        per_step = elapsed / self.done
        self.channel.emit(
            "progress",
            step=self.done,
            totalSteps=self.planned,
            epoch=round(run.step / self.steps_per_epoch, 3),
            loss=round(run.loss, 5),
            learningRate=run.rate(run.step - 1),
            tokens=run.tokens,
            elapsedSeconds=round(elapsed, 3),
            secondsPerStep=round(per_step, 4),
            etaSeconds=round(per_step * max(0, self.planned - self.done), 1),
            **self.trial,
        )


def check_cancelled(channel) -> None:
    if channel.cancelled.is_set():
        raise Cancelled()


def sweep_and_train(channel, model, params, examples, validation, pad_id, device, sweep, budget, batch_size, seed):
    """Probes each learning rate for a few steps from the same initial LoRA, continues the best with
    early stopping, and leaves the model at the best checkpoint. Returns that run and the sweep's report."""
    rates = [float(rate) for rate in sweep["learningRates"]]
    patience = sweep.get("patience")
    every = max(1, int(sweep["evalEvery"]))
    probe = budget if len(rates) == 1 else min(budget, int(sweep["probeSteps"]))
    planned = probe * len(rates) + budget - probe
    initial = snapshot(params)
    progress = Progress(channel, planned, math.ceil(len(examples) / batch_size))
    channel.emit("phase", phase="sweep", totalSteps=planned)
    channel.emit("log", message=f"sweep: learning rates {', '.join(f'{rate:g}' for rate in rates)}, {probe} steps each, then the best up to {budget} steps")

    def advance(run: Run, trial: dict, stopper: EarlyStopping, until: int) -> None:
        while run.step < until and not (patience is not None and stopper.stopped):
            check_cancelled(channel)
            run.advance(model, pad_id, device)
            progress.report(run)
            if run.step % every == 0 or run.step == until:
                point = validation_point(model, validation, pad_id, batch_size, device, run.step)
                trial["curve"].append(point)
                if stopper.update(point):
                    trial["best"] = point
                    run.weights = snapshot(params)
                channel.emit("eval", step=run.step, validationLoss=point["loss"], validationAccuracy=point["accuracy"], learningRate=run.learning_rate, trial=progress.trial.get("trial", 1))
                model.train()

    trials, runs, stoppers = [], [], []
    for index, rate in enumerate(rates):
        restore(params, initial)
        run = Run(params, examples, rate, budget, batch_size, seed)
        trial = {"learningRate": rate, "curve": [], "best": None}
        stopper = EarlyStopping(patience if patience is not None else 1 << 30)
        progress.trial = {"trial": index + 1, "trials": len(rates)}
        advance(run, trial, stopper, probe)
        trial["latest"] = snapshot(params)
        trials.append(trial)
        runs.append(run)
        stoppers.append(stopper)
        best = trial["best"]
        channel.emit("trial", trial=index + 1, learningRate=rate, steps=run.step, bestStep=best and best["step"], validationLoss=best and best["loss"], validationAccuracy=best and best["accuracy"], stoppedEarly=run.step < probe)
    chosen = max(0, choose_trial(trials))
    run, trial, stopper = runs[chosen], trials[chosen], stoppers[chosen]
    if run.step < budget and not (patience is not None and stopper.stopped):
        restore(params, trial["latest"])
        progress.trial = {"trial": chosen + 1, "trials": len(rates)}
        channel.emit("phase", phase="training", totalSteps=planned)
        advance(run, trial, stopper, budget)
    # With early stopping the best checkpoint is the model; with a fixed step count, the last step is.
    if patience is not None and run.weights is not None:
        restore(params, run.weights)
    steps = trial["best"]["step"] if patience is not None and trial["best"] is not None else run.step
    channel.emit("choice", learningRate=run.learning_rate, steps=steps, stoppedEarly=steps < budget)
    report = {
        "learningRates": rates,
        "probeSteps": probe,
        "budgetSteps": budget,
        "evalEvery": every,
        "patience": patience,
        "trials": [{"learningRate": item["learningRate"], "steps": runs[i].step, "best": item["best"], "curve": item["curve"]} for i, item in enumerate(trials)],
        "chosen": {"learningRate": run.learning_rate, "steps": steps},
        "sweepSteps": sum(item.step for item in runs),
        "runs": runs,
    }
    return run, report


def validation_point(model, examples: list, pad_id: int, batch_size: int, device: str, step: int = 0) -> dict:
    """Mean token loss of the validation replies, and the share reproduced exactly: every reply token is the model's
    most likely next token given the reference before it, which is what greedy decoding would produce."""
    import torch

    model.eval()
    total_loss, total_tokens, exact = 0.0, 0, 0
    with torch.no_grad():
        for start in range(0, len(examples), batch_size):
            batch = examples[start : start + batch_size]
            ids, labels, mask = (tensor.to(device) for tensor in collate(batch, pad_id))
            logits = model(input_ids=ids, attention_mask=mask).logits[:, :-1].float()
            targets = labels[:, 1:]
            scored = targets != -100
            losses = torch.nn.functional.cross_entropy(logits.transpose(1, 2), targets, ignore_index=-100, reduction="none")
            total_loss += float(losses[scored].sum())
            total_tokens += int(scored.sum())
            right = (logits.argmax(-1) == targets) | ~scored
            exact += int(right.all(dim=1).sum())
    model.train()
    return {"step": step, "loss": round(total_loss / max(1, total_tokens), 5), "accuracy": round(exact / max(1, len(examples)), 5)}
