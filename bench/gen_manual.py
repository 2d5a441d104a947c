#!/usr/bin/env python3
"""Generate a large, valid, deterministic sotay manual for benchmarks.

Why: the example manual has 42 documents, too few to show how `sotay check`, `build` and
`serve` scale. This writes a manual of N documents that looks like a real one (Vietnamese
prose with diacritics, TTHC procedures with methods, dossier, timed steps, legal citations in
prose, cross-references, forms with attachments, a 200-entry legal registry) and that passes
`sotay check` with no errors and no warnings. The same seed gives the same bytes every run
(per-document RNGs seeded from strings, sorted iteration, no timestamps; git commits carry
fixed dates and names, so even commit ids repeat).

    python3 bench/gen_manual.py /tmp/gen-100 --docs 100 [--seed 1] [--git] [--force]

Mix: 70% procedures, 25% forms (each with a .docx, every other one with a .pdf too), the rest
the manual (STCL), policies (CSCL, CS-…) and objectives (MTCL-2026, MT-…). With --git the
folder becomes a repository: one initial commit, then for 10% of procedures revision 2 and
revision 3, each its own commit.
"""

import argparse
import datetime as dt
import io
import os
import random
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

UNITS = [  # the shape of content-example/sotay.toml
    ("ld", "Ban Giám đốc Sở", "Trần Minh Khoa"),
    ("vp", "Văn phòng Sở", "Phạm Quốc Bảo"),
    ("qlkh", "Phòng Quản lý khoa học", "Đỗ Thị Mai"),
    ("qlcn", "Phòng Quản lý công nghệ và Sở hữu trí tuệ", "Vũ Đức Thắng"),
    ("atbx", "Phòng An toàn bức xạ và hạt nhân", "Hoàng Văn Long"),
    ("tdc", "Phòng Tiêu chuẩn Đo lường Chất lượng", "Ngô Thanh Tùng"),
    ("bp-mc", "Bộ phận Một cửa (tại Trung tâm Phục vụ hành chính công tỉnh)", "Bùi Thị Lan"),
]
EXPERT_UNITS = ["qlkh", "qlcn", "atbx", "tdc"]
FIELDS = [
    "An toàn bức xạ và hạt nhân", "Tiêu chuẩn, đo lường, chất lượng", "Sở hữu trí tuệ",
    "Hoạt động khoa học và công nghệ", "Chuyển giao công nghệ", "Năng lượng nguyên tử",
    "Thông tin khoa học và công nghệ", "Phát triển tiềm lực khoa học và công nghệ",
    "Doanh nghiệp khoa học và công nghệ", "Đo lường", "Chất lượng sản phẩm, hàng hóa",
    "Giải thưởng khoa học và công nghệ",
]
OBJECTS = ["giấy chứng nhận", "giấy phép", "chứng chỉ", "văn bản xác nhận", "quyết định công nhận",
           "giấy đăng ký", "thông báo kết quả", "văn bản chấp thuận"]
SUBJECTS = ["hoạt động chuyển giao công nghệ", "tổ chức khoa học và công nghệ", "phòng thí nghiệm đo lường",
            "cơ sở X-quang chẩn đoán", "nhiệm vụ khoa học cấp tỉnh", "sáng kiến cải tiến",
            "chuẩn đo lường", "sản phẩm hàng hóa nhóm 2", "doanh nghiệp khoa học", "thiết bị bức xạ",
            "kết quả nghiên cứu", "tổ chức đánh giá sự phù hợp", "nhãn hiệu tập thể", "thông tin công nghệ"]
ACTIONS = ["Cấp", "Cấp lại", "Điều chỉnh", "Gia hạn", "Công nhận", "Đăng ký", "Xác nhận", "Thẩm định"]
PEOPLE = [("Nguyễn Thị Hồng", "Chuyên viên Văn phòng, thư ký Hệ thống quản lý chất lượng"),
          ("Lê Thị Thu Hà", "Phó Giám đốc Sở"), ("Trần Minh Khoa", "Giám đốc Sở")]
W_NOUN = ["hồ sơ", "thủ tục", "tổ chức", "cá nhân", "công chức", "bộ phận", "kết quả", "thời hạn",
          "giấy tờ", "văn bản", "quy định", "trách nhiệm", "chất lượng", "dịch vụ công", "cơ sở dữ liệu",
          "phiếu kiểm soát", "lãnh đạo", "chuyên viên", "đơn vị", "thông tin", "biên bản", "tờ trình",
          "sổ theo dõi", "hệ thống", "chứng từ", "phản ánh", "kiến nghị", "người nộp", "bản sao điện tử"]
W_VERB = ["tiếp nhận", "kiểm tra", "xem xét", "giải quyết", "trả lời", "bổ sung", "hướng dẫn", "cập nhật",
          "lưu trữ", "phê duyệt", "chuyển", "đối chiếu", "số hóa", "công khai", "theo dõi", "báo cáo",
          "thông báo", "rà soát", "tổng hợp", "phối hợp"]
W_ADJ = ["đầy đủ", "hợp lệ", "kịp thời", "đúng hạn", "chính xác", "minh bạch", "thống nhất", "rõ ràng",
         "trực tuyến", "cụ thể", "liên thông", "an toàn", "thuận tiện", "nghiêm túc"]
W_LINK = ["và", "của", "theo", "trong", "để", "đối với", "khi", "sau khi", "trước khi", "cho", "tại", "bằng"]
# Legal shapes: type code, issuer code, type word, issuer as written after "của".
SHAPES = [("TT", "BKHCN", "Thông tư", "Bộ Khoa học và Công nghệ"), ("NĐ", "CP", "Nghị định", "Chính phủ"),
          ("QĐ", "UBND", "Quyết định", "Ủy ban nhân dân tỉnh Thanh Vân"),
          ("TT", "BTC", "Thông tư", "Bộ Tài chính"), ("QĐ", "TTg", "Quyết định", "Thủ tướng Chính phủ"),
          ("NQ", "HĐND", "Nghị quyết", "Hội đồng nhân dân tỉnh Thanh Vân"),
          ("TT", "BNV", "Thông tư", "Bộ Nội vụ")]
def q(text):
    """A TOML basic string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def tv(v):
    """A TOML value: strings quoted, lists as arrays, dates and integers as they print."""
    return q(v) if isinstance(v, str) else f"[{', '.join(tv(x) for x in v)}]" if isinstance(v, list) else str(v)


def tbl(name, /, **keys):
    """A `[[name]]` block (`[name]` when name is given with brackets); None values are left out."""
    return ["", name if name.startswith("[") else f"[[{name}]]"] + [f"{k} = {tv(v)}" for k, v in keys.items() if v is not None]


def slug(text):  # as sotay names legal files: 19/2014/QĐ-TTg → 19-2014-qd-ttg
    plain = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


def cap(text):
    return text[0].upper() + text[1:]


def sentence(rng, lo=8, hi=14):
    pools = (W_VERB, W_NOUN, W_ADJ, W_LINK, W_NOUN)
    return cap(" ".join(rng.choice(pools[k % 5]) for k in range(rng.randint(lo, hi)))) + "."


def paragraph(rng, n):
    return " ".join(sentence(rng) for _ in range(n))


# ---------------------------------------------------------------- legal registry
def legal_registry(seed):
    """200 fictional entries, all in force since before any document took effect."""
    rng = random.Random(f"{seed}:legal")
    entries, taken = [], set()
    for k in range(200):
        shape, year, serial = SHAPES[k % len(SHAPES)], 2010 + (k * 5) % 13, 1 + (k * 37) % 97
        while f"{serial}/{year}/{shape[0]}-{shape[1]}" in taken:
            serial += 100
        number = f"{serial}/{year}/{shape[0]}-{shape[1]}"
        taken.add(number)
        signed = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        articles = [(str(a), [str(c) for c in range(1, rng.randint(2, 6))]) for a in sorted(rng.sample(range(1, 40), 6))]
        entries.append({"number": number, "shape": shape, "signed": signed, "articles": articles})
    decrees = [e for e in entries if e["shape"][0] == "NĐ"]
    for e in entries:  # a third of the circulars guide an earlier decree (never the reverse)
        older = [d["number"] for d in decrees if d["signed"] <= e["signed"]]
        e["guides"] = [rng.choice(older)] if e["shape"][0] == "TT" and older and rng.random() < 0.33 else []
    return entries


def legal_toml(e, rng):
    lines = ["# Văn bản HƯ CẤU, sinh tự động để đo hiệu năng sotay."] + [f"{k} = {tv(v)}" for k, v in dict(
        number=e["number"], type=e["shape"][2], issuer=e["shape"][3], summary="Quy định về " + sentence(rng, 4, 8)[:-1].lower(),
        signed=e["signed"], effective_from=e["signed"] + dt.timedelta(days=45), status="in-force",
        note="Văn bản hư cấu, không tồn tại trong thực tế; chỉ dùng để đo hiệu năng.").items()]
    lines += tbl("[relations]", guides=e["guides"]) if e["guides"] else []
    for art, clauses in e["articles"]:
        lines += tbl("articles", number=art, clauses=clauses)
    return "\n".join(lines) + "\n"


def citation(rng, legal, with_date=False):
    """(number, text): a citation as official texts write it, of a registered number and provision."""
    e = rng.choice(legal)
    art, clauses = rng.choice(e["articles"])
    text = (f"khoản {rng.choice(clauses)} Điều {art}" if rng.random() < 0.7 else f"Điều {art}") + f" {e['shape'][2]} số {e['number']}"
    if with_date:
        text += f" ngày {e['signed'].day:02d}/{e['signed'].month}/{e['signed'].year} của {e['shape'][3]}"
    return e["number"], text


# ---------------------------------------------------------------- front matter every kind shares
def header(code, title, summary, rev, issued, owner, clauses, basis=(), weight=None, rows=None, where="Toàn bộ tài liệu"):
    keys = dict(code=code, title=title, summary=summary, revision=rev, issued=issued, effective=issued,
                status="in-force", owner=owner, iso_clauses=clauses)
    lines = ["+++"] + [f"{k} = {tv(v)}" for k, v in keys.items()]
    if basis:
        lines.append("legal_basis = [" + ", ".join(f"{{ number = {q(n)} }}" for n in basis) + "]")
    lines.append(f"next_review = {dt.date(2027, 12, 31) + dt.timedelta(days=len(code))}")
    lines += [f"weight = {weight}"] if weight is not None else []
    for (name, role_title), role, days in zip(PEOPLE, ("prepared", "reviewed", "approved"), (12, 6, 2)):
        lines.append(f"{role} = {{ name = {q(name)}, title = {q(role_title)}, date = {issued - dt.timedelta(days=days)} }}")
    for r, date, at, text in rows or [(1, issued, where, "Ban hành lần đầu")]:
        lines += tbl("amendments", revision=r, date=date, where=at, summary=text)
    return lines


# ---------------------------------------------------------------- procedures
def duration(u):  # u half-days → "2,5 ngày làm việc"
    return f"{u // 2},5 ngày làm việc" if u % 2 else f"{u // 2} ngày làm việc"


class Plan:
    """Everything random about one procedure, drawn once so that its revisions share it."""

    def __init__(self, seed, i, nprocs, nforms, legal):
        rng = random.Random(f"{seed}:proc:{i}")
        self.i, self.code, self.tthc = i, f"QT-{i + 1:04d}", f"1.0{(i * 37 + 12345) % 100000:05d}"
        self.action, self.obj, self.subj = rng.choice(ACTIONS), rng.choice(OBJECTS), rng.choice(SUBJECTS)
        self.title = f"Quy trình {self.action.lower()} {self.obj} {self.subj} (mã {i + 1})"
        self.field, self.owner = rng.choice(FIELDS), rng.choice(EXPERT_UNITS)
        self.level = rng.choice(["province"] * 6 + ["commune", "central"])
        self.limit = rng.choice([7, 10, 12, 15, 20])
        self.limit_online = self.limit - rng.choice([0, 1, 2])
        budget = min(self.limit, self.limit_online) * 2 - rng.choice([0, 1, 2])  # half-days the steps may take
        n = rng.randint(4, 6)  # receive (0,5 day), n - 3 expert steps, sign (1 day), return (1 day)
        expert = [1] * (n - 3)
        for _ in range(budget - 5 - (n - 3)):
            expert[rng.randrange(n - 3)] += 1
        self.steps = [1] + expert + [2, 2]
        self.fee = rng.choice([0, 50000, 100000, 150000, 200000, 500000])
        self.form = f"BM-{i % nforms + 1:04d}-01"
        others = sorted({(i + d) % nprocs for d in (1, 7 + i % 13, nprocs // 2 + 3)} - {i})
        self.refs = [f"QT-{j + 1:04d}" for j in others]
        self.cites = [citation(rng, legal, with_date=(k == 0)) for k in range(3)]
        self.cond = citation(rng, legal) if i % 2 else None
        self.issued = dt.date(2024, 1, 8) + dt.timedelta(days=(i * 7) % 700)
        self.paras = [paragraph(rng, rng.randint(2, 3)) for _ in range(6)]
        self.note = sentence(rng)


def procedure_text(p, rev, issued):
    """The procedure's file at revision rev (1 to 3); issued: the issue dates of revisions 1 … rev."""
    limit, online = p.limit + (2 if rev >= 2 else 0), p.limit_online + (1 if rev >= 3 else 0)
    steps = p.steps[:1] + [p.steps[1] + (rev >= 3)] + p.steps[2:]
    issued = (list(issued) + [issued[-1]] * 2)[:3]
    basis = sorted({n for n, _ in p.cites} | ({p.cond[0]} if p.cond else set()))
    rows = [(1, issued[0], "Toàn bộ tài liệu", "Ban hành lần đầu"),
            (2, issued[1], "Mục 5.4; Mục 5.7 (bước 2)",
             f"Kéo dài thời hạn nộp trực tiếp từ {p.limit} lên {p.limit + 2} ngày làm việc; sửa nội dung bước 2"),
            (3, issued[2], "Mục 5.4; Mục 5.7 (bước 2)",
             f"Thời hạn trực tuyến từ {p.limit_online} lên {online} ngày làm việc; thêm 0,5 ngày cho bước 2")][:rev]
    lines = header(p.code, p.title, f"{p.action} {p.obj} cho {p.subj} thuộc lĩnh vực {p.field.lower()}.",
                   rev, issued[rev - 1], p.owner, ["8.1", "8.2", "8.5"], basis, rows=rows)
    lines += tbl("[procedure]", tthc_code=p.tthc, level=p.level, field=p.field,
                 applicants=f"Tổ chức, cá nhân có {p.subj} trên địa bàn tỉnh", agency="Sở Khoa học và Công nghệ tỉnh Thanh Vân",
                 where_to_submit="Bộ phận Một cửa của Sở tại Trung tâm Phục vụ hành chính công tỉnh; hoặc trực tuyến",
                 result=f"{cap(p.obj)} {p.subj}", dossier_count="01 bộ", online="partial",
                 conditions=["Đáp ứng điều kiện quy định tại " + p.cond[1]] if p.cond else None)
    lines += tbl("procedure.methods", kind="in-person", time_limit=f"{limit} ngày làm việc", fee=p.fee)
    lines += tbl("procedure.methods", kind="online", time_limit=f"{online} ngày làm việc", fee=p.fee // 2 if rev >= 3 else p.fee)
    lines += ["", "[[procedure.dossier]]"]
    lines += tbl("procedure.dossier.items", name=f"Đơn đề nghị {p.action.lower()} {p.obj}", form=p.form, originals=1)
    lines += tbl("procedure.dossier.items", name=f"Bản sao giấy tờ chứng minh {p.subj}", copies=1)
    lines += tbl("procedure.dossier.items", name="Tài liệu thuyết minh kèm theo", originals=1, note="Nếu có")
    expert = ["Thẩm định hồ sơ; dự thảo kết quả và tờ trình" + ("; cập nhật trạng thái trên Hệ thống" if rev >= 2 else ""),
              "Lấy ý kiến đơn vị liên quan; hoàn thiện dự thảo", "Rà soát hồ sơ trình ký"][: len(steps) - 3]
    tasks = ["Tiếp nhận hồ sơ; kiểm tra thành phần; lập Giấy tiếp nhận và hẹn trả kết quả"] + expert + [
        "Xem xét, ký kết quả", "Vào sổ, đóng dấu; trả kết quả cho tổ chức, cá nhân"]
    units = ["bp-mc"] + [p.owner] * len(expert) + ["ld", "bp-mc"]
    for k, (u, task, unit) in enumerate(zip(steps, tasks, units)):
        lines += tbl("procedure.steps", task=task, unit=unit, time=duration(u), form=p.form if k == 0 else None,
                     result=f"Kết quả bước {k + 1}" if k else None)
    lines += tbl("procedure.records", name=f"Hồ sơ đề nghị và kết quả giải quyết {p.code}", kept_by=p.owner, retention="10 năm")
    lines += tbl("procedure.records", name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả", kept_by="bp-mc", retention="02 năm", form=p.form)
    (_, c1), (_, c2), (_, c3) = p.cites
    body = [
        "+++", "", "## 1. Mục đích", "", f"Quy định trình tự, trách nhiệm giải quyết thủ tục {p.action.lower()} {p.obj} cho {p.subj}. {p.paras[0]}",
        "", "## 2. Phạm vi", "", f"Áp dụng đối với tổ chức, cá nhân có {p.subj} trên địa bàn tỉnh. {p.paras[1]}",
        "", "## 3. Tài liệu viện dẫn", "", "- Tiêu chuẩn quốc gia TCVN ISO 9001:2015.", f"- {cap(c1)}.", f"- {cap(c2)}.",
        "", "## 4. Định nghĩa và từ viết tắt", "", "- **TTHC**: thủ tục hành chính.", "- **HTQLCL**: Hệ thống quản lý chất lượng.",
        "", "## 5. Nội dung quy trình", "", "### 5.1 Cơ sở pháp lý", "", f"Thủ tục được thực hiện theo {c3}. {p.paras[2]}", "", p.paras[3],
        "", "### 5.2 Lưu ý", "", f"- Hồ sơ có nội dung liên quan được phối hợp giải quyết theo [[{p.refs[0]}]]. {p.note}",
        f"- Kết quả được đối chiếu với [[{p.refs[1]}]] và [[{p.refs[-1]}]] trước khi trình ký.",
        f"- Mẫu đơn: [[{p.form}|đơn đề nghị]]. {p.paras[4]}",
        "", "### 5.3 Dữ liệu trao đổi", "", "Hồ sơ điện tử được chuyển giữa các hệ thống theo cấu trúc sau:", "",
        "```toml", "[ho_so]", f'ma_thu_tuc = "{p.tthc}"', f'quy_trinh = "{p.code}"', f"so_buoc = {len(steps)}",
        f'thoi_han = "{limit} ngày làm việc"', "```", "", p.paras[5], ""]
    return "\n".join(lines + body)


# ---------------------------------------------------------------- forms and the other kinds
def docx_bytes(code, title):
    """A tiny but real .docx: a zip with fixed timestamps, so the bytes repeat."""
    parts = {"[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
             'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
             "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
             f'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{code} {title}</w:t></w:r></w:p></w:body></w:document>'}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name in sorted(parts):
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), parts[name].encode())
    return buf.getvalue()


def pdf_bytes(code):
    """A one-page PDF with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 770 Td ({code}) Tj ET"
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream"]
    out, offsets = b"%PDF-1.4\n", []
    for n, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{o}\nendobj\n".encode()
    xref = f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n" + "".join(f"{o:010d} 00000 n \n" for o in offsets)
    return out + f"{xref}trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{len(out)}\n%%EOF\n".encode()


def form_files(seed, j, nprocs):
    rng = random.Random(f"{seed}:form:{j}")
    code = f"BM-{j + 1:04d}-01"
    title = f"Đơn đề nghị {rng.choice(ACTIONS).lower()} {rng.choice(OBJECTS)} (mẫu {j + 1})"
    names = [f"{code}.docx"] + ([f"{code}.pdf"] if j % 2 == 0 else [])
    issued = dt.date(2024, 1, 2) + dt.timedelta(days=(j * 5) % 600)
    lines = header(code, title, "Mẫu đơn tổ chức, cá nhân nộp kèm hồ sơ.", 1, issued, rng.choice(EXPERT_UNITS), [],
                   where="Toàn bộ biểu mẫu") + tbl("[form]", files=names)
    lines += ["+++", "", f"Thành phần hồ sơ của [[QT-{j % nprocs + 1:04d}]]. {paragraph(rng, 2)}", ""]
    files = {f"content/forms/{code}.md": "\n".join(lines), f"content/forms/{names[0]}": docx_bytes(code, title)}
    if len(names) > 1:
        files[f"content/forms/{names[1]}"] = pdf_bytes(code)
    return files


def other_doc(seed, k, legal):
    """k = 0: the manual; 1: the policy; 2: this year's objectives; then more policies and objectives."""
    rng = random.Random(f"{seed}:other:{k}")
    issued, basis = dt.date(2025, 1, 6) + dt.timedelta(days=k % 300), [legal[k % len(legal)]["number"]]
    if k == 0:
        lines = header("STCL", "Sổ tay chất lượng", "Phạm vi và cách Sở đáp ứng TCVN ISO 9001:2015.", 1, issued, "vp",
                       ["4", "5", "6", "7", "8", "9", "10"], basis, weight=1)
        lines += tbl("[scope]", statement="Hệ thống quản lý chất lượng được áp dụng cho toàn bộ thủ tục hành chính thuộc thẩm quyền của Sở.")
        lines += tbl("scope.exclusions", clause="8.3", reason="Sở không thiết kế và phát triển sản phẩm, dịch vụ.")
        return "content/manual/STCL.md", lines + ["+++", "", "## 1. Giới thiệu", "", paragraph(rng, 4), ""]
    if k % 2 == 1:
        code = "CSCL" if k == 1 else f"CS-{k:04d}"
        lines = header(code, "Chính sách chất lượng" + ("" if k == 1 else f" (bổ sung {k})"),
                       "Cam kết của Giám đốc Sở về chất lượng.", 1, issued, "ld", ["5.2"], basis, weight=2)
        return f"content/policies/{code}.md", lines + ["+++", "", paragraph(rng, 4), "", "Xem [[MTCL-2026]].", ""]
    code = "MTCL-2026" if k == 2 else f"MT-{k:04d}"
    lines = header(code, "Mục tiêu chất lượng năm 2026" + ("" if k == 2 else f" ({k})"), "Mục tiêu đo lường được của năm.",
                   1, issued, "vp", ["6.2"], basis, weight=3) + tbl("[objectives]", year=2026)
    for unit in ("bp-mc", "vp", rng.choice(EXPERT_UNITS)):
        lines += tbl("objectives.items", objective=sentence(rng, 4, 6)[:-1], target="≥ 98% hồ sơ được giải quyết đúng hạn",
                     owner=unit, deadline=dt.date(2026, 12, 31))
    return f"content/objectives/{code}.md", lines + ["+++", "", paragraph(rng, 4), "", "Xây dựng trên cơ sở [[CSCL]].", ""]


def sotay_toml():
    lines = ["# Sổ tay sinh tự động để đo hiệu năng (bench/gen_manual.py). Mọi tên đều hư cấu."]
    lines += tbl("[agency]", name="Sở Khoa học và Công nghệ tỉnh Thanh Vân", short_name="Sở KH&CN Thanh Vân",
                 parent="Ủy ban nhân dân tỉnh Thanh Vân", address="Số 18 đường Vân Hồ, phường Thanh Sơn, tỉnh Thanh Vân",
                 phone="0200 3 812 345", email="skhcn@example.gov.vn", website="https://example.gov.vn/")
    lines += tbl("[site]", base_url="https://example.gov.vn/", language="vi", standard="TCVN ISO 9001:2015",
                 title="Sổ tay chất lượng – sổ tay sinh tự động (đo hiệu năng)")
    for uid, name, head in UNITS:
        lines += tbl("units", id=uid, name=name, head=head)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- main
def git(out, *args, when=None):
    """Runs git in out with a fixed identity and dates, and no user or system configuration."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(out), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": os.devnull, "TZ": "UTC", "LC_ALL": "C"}
    env.update({"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {})
    subprocess.run(["git", "-C", str(out), "-c", "user.name=Nguyễn Thị Hồng", "-c", "user.email=iso@example.gov.vn",
                    "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main", *args],
                   env=env, check=True, stdout=subprocess.DEVNULL)


def write(out, files):
    for rel in sorted(files):
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(files[rel] if isinstance(files[rel], bytes) else files[rel].encode())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, required=True, help="number of documents (.md files), 20 to 100000")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--git", action="store_true", help="git init and commit a revision history")
    ap.add_argument("--force", action="store_true", help="replace OUT if it holds a manual (sotay.toml) already")
    a = ap.parse_args()
    if not 20 <= a.docs <= 100000:  # 100000: TTHC codes 1.0xxxxx stay unique
        ap.error("--docs must be between 20 and 100000")
    if a.out.exists() and any(a.out.iterdir()):
        if not (a.force and (a.out / "sotay.toml").is_file()):
            sys.exit(f"{a.out} is not empty (--force replaces a folder that holds a sotay.toml)")
        shutil.rmtree(a.out)
    nprocs = round(a.docs * 0.70)
    nother = max(3, a.docs - nprocs - round(a.docs * 0.25))  # STCL, CSCL, MTCL-2026 at least
    nforms = a.docs - nprocs - nother
    legal = legal_registry(a.seed)
    rng = random.Random(f"{a.seed}:legal-text")
    files = {"sotay.toml": sotay_toml(), **{f"legal/{slug(e['number'])}.toml": legal_toml(e, rng) for e in legal}}
    for j in range(nforms):
        files.update(form_files(a.seed, j, nprocs))
    for k in range(nother):
        path, lines = other_doc(a.seed, k, legal)
        files[path] = "\n".join(lines)
    plans = [Plan(a.seed, i, nprocs, nforms, legal) for i in range(nprocs)]
    revised = [p for p in plans if p.i % 10 == 3]  # 10% get revisions 2 and 3
    when = {(p.code, rev): start + dt.timedelta(minutes=7 * n) for n, p in enumerate(revised)
            for rev, start in ((2, dt.datetime(2026, 3, 2, 8, 0)), (3, dt.datetime(2026, 6, 1, 8, 0)))}
    issued = {p.code: [p.issued] + ([when[p.code, 2].date(), when[p.code, 3].date()] if p in revised else []) for p in plans}
    for p in plans:
        files[f"content/procedures/{p.code}.md"] = procedure_text(p, len(issued[p.code]), issued[p.code])
    if a.git:
        write(a.out, {**files, **{f"content/procedures/{p.code}.md": procedure_text(p, 1, issued[p.code]) for p in revised}})
        git(a.out, "init", "-q")
        git(a.out, "add", "-A")
        git(a.out, "commit", "-q", "-m", "Ban hành sổ tay chất lượng", when="2026-01-05T08:00:00+07:00")
        for rev in (2, 3):
            for p in revised:
                rel = f"content/procedures/{p.code}.md"
                write(a.out, {rel: procedure_text(p, rev, issued[p.code])})
                git(a.out, "add", rel)
                git(a.out, "commit", "-q", "-m", f"{p.code}: ban hành lần {rev:02d}",
                    when=when[p.code, rev].strftime("%Y-%m-%dT%H:%M:%S+07:00"))
    write(a.out, files)  # with --git: the same bytes as HEAD
    size = sum(len(d if isinstance(d, bytes) else d.encode()) for d in files.values())
    print(f"{a.out}: {a.docs} documents ({nprocs} procedures, {nforms} forms, {nother} other), {len(legal)} legal "
          f"entries, {len(files)} files, {size / 1e6:.1f} MB" + (f", {1 + 2 * len(revised)} commits" if a.git else ""))


if __name__ == "__main__":
    main()
