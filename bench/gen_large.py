#!/usr/bin/env python3
"""Generate manuals with one very large but valid document, to measure time and peak memory.

Why: issue 16 found a 50 MB body needing 4.45 GB (about 90 times its size), 100,000 steps
needing 1.6 GB and 20,000 copies of one heading taking a minute. These manuals reproduce those
shapes so that `bench/large.py` can print figures before and after a change. Each is the small
test fixture `tests/fixtures/basic` plus one big document; the same arguments give the same bytes.

    python3 bench/gen_large.py OUT body --mb 50          # a page whose Markdown body is ~50 MB
    python3 bench/gen_large.py OUT steps --count 100000  # a procedure with 100,000 steps
    python3 bench/gen_large.py OUT headings --count 100000  # 100,000 copies of `## Mục đích`
"""

import argparse
import shutil
import sys
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "basic"

PARAGRAPH = (
    "Bộ phận Một cửa tiếp nhận **hồ sơ** của tổ chức, cá nhân; kiểm tra tính đầy đủ, hợp lệ của "
    "các giấy tờ theo quy định tại [Điều 2](https://example.gov.vn/van-ban) và chuyển hồ sơ cho "
    "phòng chuyên môn trong *ngày làm việc* kế tiếp. Công chức ghi `Phiếu kiểm soát` đầy đủ.\n"
)


def page(title: str, body: str) -> str:
    return f'+++\ntitle = "{title}"\nsummary = "Tài liệu lớn để đo."\n+++\n\n{body}'


def big_body(megabytes: float) -> str:
    """Prose, headings, lists, tables and quotes in the proportions of a real manual."""
    target = int(megabytes * 1024 * 1024)
    parts, size, n = [], 0, 0
    while size < target:
        n += 1
        block = (
            f"## Mục {n}: quy định chung\n\n"
            + PARAGRAPH * 3
            + "\n- Đơn đề nghị theo mẫu;\n- Bản sao giấy tờ tùy thân;\n- Giấy ủy quyền (nếu có).\n\n"
            + "| Bước | Nội dung | Thời gian |\n|---|---|---|\n| 1 | Tiếp nhận | 0,5 ngày |\n| 2 | Thẩm định | 3 ngày |\n\n"
            + "> Lưu ý: hồ sơ không hợp lệ được trả lại trong ngày.\n\n"
        )
        parts.append(block)
        size += len(block.encode())
    return "".join(parts)


def steps_procedure(count: int) -> str:
    head = (FIXTURE / "content" / "procedures" / "QT-07.md").read_text(encoding="utf-8")
    front, _, body = head.partition("\n+++\n")
    # Keep everything before the first step; add `count` steps without times.
    before_steps = front.split("[[procedure.steps]]")[0]
    after = front.split("[[procedure.records]]", 1)
    records = "[[procedure.records]]" + after[1] if len(after) == 2 else ""
    steps = "".join(
        f'[[procedure.steps]]\ntask = "Bước xử lý số {i}: kiểm tra, ghi sổ và chuyển hồ sơ"\nunit = "vp"\n\n'
        for i in range(1, count + 1)
    )
    return before_steps + steps + records + "\n+++\n" + body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("shape", choices=["body", "steps", "headings"])
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    if args.out.exists():
        shutil.rmtree(args.out)
    shutil.copytree(FIXTURE, args.out)
    # The default cap ([limits] document_bytes, 20 MB) would refuse the big document before it is
    # rendered; these manuals measure rendering, so they raise it.
    config = args.out / "sotay.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n[limits]\ndocument_bytes = 200_000_000\n", encoding="utf-8")
    if args.shape == "body":
        (args.out / "content" / "pages" / "lon.md").write_text(page("Tài liệu lớn", big_body(args.mb)), encoding="utf-8")
    elif args.shape == "headings":
        body = "## Mục đích\n\nNội dung.\n\n" * args.count
        (args.out / "content" / "pages" / "lon.md").write_text(page("Nhiều tiêu đề", body), encoding="utf-8")
    else:
        (args.out / "content" / "procedures" / "QT-07.md").write_text(steps_procedure(args.count), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
