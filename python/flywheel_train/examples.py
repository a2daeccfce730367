"""Turns chat examples (OpenAI JSONL) into token ids with the loss on the final assistant reply only."""

import json
from dataclasses import dataclass


@dataclass
class Example:
    input_ids: list
    labels: list


def read_jsonl(path: str) -> list:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    return rows


def _render(tokenizer, messages: list, generation_prompt: bool) -> str:
    plain = [{"role": m["role"], "content": m.get("content") or ""} for m in messages]
    return tokenizer.apply_chat_template(plain, tokenize=False, add_generation_prompt=generation_prompt)


def encode(tokenizer, row: dict, max_length: int):
    """Token ids of the whole conversation; labels are -100 except on the last assistant reply.
    Returns None when the reply does not fit in max_length tokens."""
    messages = row["messages"]
    if not messages or messages[-1]["role"] != "assistant":
        return None
    prompt_text = _render(tokenizer, messages[:-1], True)
    full_text = _render(tokenizer, messages, False)
    if not full_text.startswith(prompt_text):
        raise ValueError("the chat template does not render the prompt as a prefix of the conversation")
    prompt_ids = tokenizer(prompt_text, add_special_tokens=False)["input_ids"]
    reply_ids = tokenizer(full_text[len(prompt_text):], add_special_tokens=False)["input_ids"]
    if len(reply_ids) >= max_length:
        return None
    # Keep the end of the prompt when the whole does not fit: the reply is what is learned.
    room = max_length - len(reply_ids)
    prompt_ids = prompt_ids[-room:]
    return Example(input_ids=prompt_ids + reply_ids, labels=[-100] * len(prompt_ids) + reply_ids)


def encode_all(tokenizer, rows: list, max_length: int) -> tuple:
    examples, skipped = [], 0
    for row in rows:
        example = encode(tokenizer, row, max_length)
        if example is None:
            skipped += 1
        else:
            examples.append(example)
    return examples, skipped


def collate(batch: list, pad_id: int):
    import torch

    width = max(len(example.input_ids) for example in batch)
    ids = torch.full((len(batch), width), pad_id, dtype=torch.long)
    labels = torch.full((len(batch), width), -100, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    for row, example in enumerate(batch):
        length = len(example.input_ids)
        ids[row, :length] = torch.tensor(example.input_ids)
        labels[row, :length] = torch.tensor(example.labels)
        mask[row, :length] = 1
    return ids, labels, mask
