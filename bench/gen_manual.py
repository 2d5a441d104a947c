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
BUILD_DAY = dt.date(2026, 11, 22)


def q(text):
    """A TOML basic string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fold_slug(text):
    table = str.maketrans({"Đ": "d", "đ": "d"})
    import unicodedata
    plain = unicodedata.normalize("NFD", text.translate(table))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in plain).split())


def vdate(d):
    return f"{d.day:02d}/{d.month}/{d.year}"


def sentence(rng, lo=10, hi=18):
    words = []
    for k in range(rng.randint(lo, hi)):
        pool = (W_VERB, W_NOUN, W_ADJ, W_LINK, W_NOUN)[k % 5]
        words.append(rng.choice(pool))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def paragraph(rng, n=None):
    return " ".join(sentence(rng, 8, 14) for _ in range(n or rng.randint(3, 5)))


# ---------------------------------------------------------------- legal registry
def legal_registry(seed):
    """200 fictional entries: (number, shape, signed, effective_from, articles, guides)."""
    rng = random.Random(f"{seed}:legal")
    entries, taken = [], set()
    for k in range(200):
        shape = SHAPES[k % len(SHAPES)]
        year = 2010 + (k * 5) % 13
        serial = 1 + (k * 37) % 97
        while f"{serial}/{year}/{shape[0]}-{shape[1]}" in taken:
            serial += 100
        number = f"{serial}/{year}/{shape[0]}-{shape[1]}"
        taken.add(number)
        signed = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        articles = sorted(rng.sample(range(1, 40), 6))
        articles = [(str(a), [str(c) for c in range(1, rng.randint(2, 6))]) for a in articles]
        entries.append({"number": number, "shape": shape, "signed": signed,
                        "effective": signed + dt.timedelta(days=45), "articles": articles})
    decrees = [e for e in entries if e["shape"][0] == "NĐ"]
    for e in entries:  # a third of the circulars guide an earlier decree (never the reverse)
        older = [d["number"] for d in decrees if d["signed"] <= e["signed"]]
        e["guides"] = [rng.choice(older)] if e["shape"][0] == "TT" and older and rng.random() < 0.33 else []
    return entries


def legal_toml(e):
    lines = ["# Văn bản HƯ CẤU, sinh tự động để đo hiệu năng sotay.", f"number = {q(e['number'])}",
             f"type = {q(e['shape'][2])}", f"issuer = {q(e['shape'][3])}",
             f"summary = {q('Quy định về ' + ' '.join(sorted({w for w in W_NOUN[: 3 + len(e['number']) % 9]})))}",
             f"signed = {e['signed']}", f"effective_from = {e['effective']}", 'status = "in-force"',
             'note = "Văn bản hư cấu, không tồn tại trong thực tế; chỉ dùng để đo hiệu năng."']
    if e["guides"]:
        lines += ["", "[relations]", f"guides = [{q(e['guides'][0])}]"]
    for art, clauses in e["articles"]:
        lines += ["", "[[articles]]", f"number = {q(art)}", f"clauses = [{', '.join(q(c) for c in clauses)}]"]
    return "\n".join(lines) + "\n"


def citation(rng, legal, with_date=False):
    """A citation as official texts write it, of a registered number and a registered provision."""
    e = rng.choice(legal)
    art, clauses = rng.choice(e["articles"])
    prov = f"khoản {rng.choice(clauses)} Điều {art}" if rng.random() < 0.7 else f"Điều {art}"
    text = f"{prov} {e['shape'][2]} số {e['number']}"
    if with_date:
        text += f" ngày {vdate(e['signed'])} của {e['shape'][3]}"
    return e["number"], text


# ---------------------------------------------------------------- shared front matter
def signoffs(issued):
    out = []
    for (name, title), role, back in zip(PEOPLE, ("prepared", "reviewed", "approved"), (12, 6, 2)):
        out.append(f"{role} = {{ name = {q(name)}, title = {q(title)}, date = {issued - dt.timedelta(days=back)} }}")
    return out


def amendment_rows(rows):
    out = []
    for rev, date, where, summary in rows:
        out += ["", "[[amendments]]", f"revision = {rev}", f"date = {date}", f"where = {q(where)}", f"summary = {q(summary)}"]
    return out


def header(code, title, summary, rev, issued, owner, clauses, basis, weight=None):
    lines = ["+++", f"code = {q(code)}", f"title = {q(title)}", f"summary = {q(summary)}", f"revision = {rev}",
             f"issued = {issued}", f"effective = {issued}", 'status = "in-force"', f"owner = {q(owner)}",
             f"iso_clauses = [{', '.join(q(c) for c in clauses)}]"]
    if basis:
        lines.append("legal_basis = [" + ", ".join(f"{{ number = {q(n)} }}" for n in basis) + "]")
    lines.append(f"next_review = {dt.date(2027, 12, 31) + dt.timedelta(days=len(code))}")
    if weight is not None:
        lines.append(f"weight = {weight}")
    return lines + signoffs(issued)


# ---------------------------------------------------------------- procedures
def fmt_units(u):  # u half-days → "2,5 ngày làm việc"
    return f"{u // 2},5 ngày làm việc" if u % 2 else f"{u // 2} ngày làm việc"


class Plan:
    """Everything random about one procedure, drawn once so every revision shares it."""

    def __init__(self, seed, i, nprocs, nforms, legal):
        rng = self.rng = random.Random(f"{seed}:proc:{i}")
        self.i, self.code = i, f"QT-{i + 1:04d}"
        self.tthc = f"1.0{(i * 37 + 12345) % 100000:05d}"
        self.action, self.obj, self.subj = rng.choice(ACTIONS), rng.choice(OBJECTS), rng.choice(SUBJECTS)
        self.title = f"Quy trình {self.action.lower()} {self.obj} {self.subj} (mã {i + 1})"
        self.field, self.owner = rng.choice(FIELDS), rng.choice(EXPERT_UNITS)
        self.level = rng.choice(["province"] * 6 + ["commune", "central"])
        self.limit = rng.choice([7, 10, 12, 15, 20])
        self.limit_online = self.limit - rng.choice([0, 1, 2])
        budget = min(self.limit, self.limit_online) * 2 - rng.choice([0, 1, 2])  # in half-days
        n = rng.randint(4, 6)  # receive, n - 3 expert steps, sign (1 day), return (1 day)
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


def procedure_text(p, rev, rev_dates):
    limit = p.limit + (2 if rev >= 2 else 0)
    online = p.limit_online + (1 if rev >= 3 else 0)
    steps = list(p.steps)
    if rev >= 3:
        steps[1] += 1
    issued = rev_dates[rev - 1] if rev > 1 else p.issued
    basis = sorted({n for n, _ in p.cites} | ({p.cond[0]} if p.cond else set()))
    lines = header(p.code, p.title, f"{p.action} {p.obj} cho {p.subj} thuộc lĩnh vực {p.field.lower()}.",
                   rev, issued, p.owner, ["8.1", "8.2", "8.5"], basis)
    rows = [(1, p.issued, "Toàn bộ tài liệu", "Ban hành lần đầu")]
    if rev >= 2:
        rows.append((2, rev_dates[1], "Mục 5.4; Mục 5.7 (bước 2)",
                     f"Kéo dài thời hạn nộp trực tiếp từ {p.limit} lên {p.limit + 2} ngày làm việc; sửa nội dung bước 2"))
    if rev >= 3:
        rows.append((3, rev_dates[2], "Mục 5.4; Mục 5.7 (bước 2)",
                     f"Thời hạn trực tuyến từ {p.limit_online} lên {online} ngày làm việc; thêm 0,5 ngày cho bước 2"))
    lines += amendment_rows(rows)
    lines += ["", "[procedure]", f"tthc_code = {q(p.tthc)}", f"level = {q(p.level)}", f"field = {q(p.field)}",
              f"applicants = {q('Tổ chức, cá nhân có ' + p.subj + ' trên địa bàn tỉnh')}",
              'agency = "Sở Khoa học và Công nghệ tỉnh Thanh Vân"',
              'where_to_submit = "Bộ phận Một cửa của Sở tại Trung tâm Phục vụ hành chính công tỉnh; hoặc trực tuyến"',
              f"result = {q(p.obj[0].upper() + p.obj[1:] + ' ' + p.subj)}", 'dossier_count = "01 bộ"', 'online = "partial"']
    if p.cond:
        lines.append(f"conditions = [{q('Đáp ứng điều kiện quy định tại ' + p.cond[1])}]")
    for kind, days, fee in (("in-person", limit, p.fee), ("online", online, p.fee // 2 if rev >= 3 else p.fee)):
        lines += ["", "[[procedure.methods]]", f"kind = {q(kind)}", f'time_limit = "{days} ngày làm việc"', f"fee = {fee}"]
    lines += ["", "[[procedure.dossier]]", "", "[[procedure.dossier.items]]",
              f"name = {q('Đơn đề nghị ' + p.action.lower() + ' ' + p.obj)}", f"form = {q(p.form)}", "originals = 1",
              "", "[[procedure.dossier.items]]", f"name = {q('Bản sao giấy tờ chứng minh ' + p.subj)}", "copies = 1",
              "", "[[procedure.dossier.items]]", 'name = "Tài liệu thuyết minh kèm theo"', "originals = 1", 'note = "Nếu có"']
    expert = ["Thẩm định hồ sơ; dự thảo kết quả và tờ trình" + ("; cập nhật trạng thái trên Hệ thống" if rev >= 2 else ""),
              "Lấy ý kiến đơn vị liên quan; hoàn thiện dự thảo", "Rà soát hồ sơ trình ký"]
    tasks = (["Tiếp nhận hồ sơ; kiểm tra thành phần; lập Giấy tiếp nhận và hẹn trả kết quả"] + expert[: len(steps) - 3]
             + ["Xem xét, ký kết quả", "Vào sổ, đóng dấu; trả kết quả cho tổ chức, cá nhân"])
    units = ["bp-mc"] + [p.owner] * (len(steps) - 3) + ["ld", "bp-mc"]
    for k, (u, task, unit) in enumerate(zip(steps, tasks, units)):
        lines += ["", "[[procedure.steps]]", f"task = {q(task)}", f"unit = {q(unit)}", f"time = {q(fmt_units(u))}"]
        lines.append(f"form = {q(p.form)}" if k == 0 else f"result = {q('Kết quả bước ' + str(k + 1))}")
    lines += ["", "[[procedure.records]]", f"name = {q('Hồ sơ đề nghị và kết quả giải quyết ' + p.code)}",
              f"kept_by = {q(p.owner)}", 'retention = "10 năm"', "", "[[procedure.records]]",
              'name = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả"', 'kept_by = "bp-mc"', 'retention = "02 năm"', f"form = {q(p.form)}", "+++"]
    (n1, c1), (n2, c2), (n3, c3) = p.cites
    body = [
        "", "## 1. Mục đích", "", f"Quy định trình tự, trách nhiệm giải quyết thủ tục {p.action.lower()} {p.obj} cho {p.subj}. " + p.paras[0],
        "", "## 2. Phạm vi", "", f"Áp dụng đối với tổ chức, cá nhân có {p.subj} trên địa bàn tỉnh. " + p.paras[1],
        "", "## 3. Tài liệu viện dẫn", "", "- Tiêu chuẩn quốc gia TCVN ISO 9001:2015.", f"- {c1[0].upper() + c1[1:]}.", f"- {c2[0].upper() + c2[1:]}.",
        "", "## 4. Định nghĩa và từ viết tắt", "", "- **TTHC**: thủ tục hành chính.", "- **HTQLCL**: Hệ thống quản lý chất lượng.",
        "", "## 5. Nội dung quy trình", "", "### 5.1 Cơ sở pháp lý", "",
        f"Thủ tục được thực hiện theo {c3}. {p.paras[2]}", "", p.paras[3],
        "", "### 5.2 Lưu ý", "",
        f"- Hồ sơ có nội dung liên quan được phối hợp giải quyết theo [[{p.refs[0]}]]. {p.note}",
        f"- Kết quả được đối chiếu với [[{p.refs[1]}]] và [[{p.refs[-1]}]] trước khi trình ký.",
        f"- Mẫu đơn: [[{p.form}|đơn đề nghị]]. {p.paras[4]}",
        "", "### 5.3 Dữ liệu trao đổi", "", "Hồ sơ điện tử được chuyển giữa các hệ thống theo cấu trúc sau:", "",
        "```toml", "[ho_so]", f'ma_thu_tuc = "{p.tthc}"', f'quy_trinh = "{p.code}"', f"so_buoc = {len(steps)}",
        f'thoi_han = "{limit} ngày làm việc"', "```", "", p.paras[5], ""]
    return "\n".join(lines + body)


# ---------------------------------------------------------------- other kinds
def docx_bytes(code, title):
    """A tiny but real .docx (a zip with fixed timestamps, so the bytes repeat)."""
    buf = io.BytesIO()
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        f'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{code} {title}</w:t></w:r></w:p></w:body></w:document>',
    }
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name in sorted(parts):
            z.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), parts[name].encode())
    return buf.getvalue()


def pdf_bytes(code):
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"]
    stream = f"BT /F1 12 Tf 72 770 Td ({code}) Tj ET"
    objs.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
    out, offsets = b"%PDF-1.4\n", []
    for n, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{o}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    return out + f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()


def form_files(seed, j, nprocs):
    rng = random.Random(f"{seed}:form:{j}")
    code, owner_proc = f"BM-{j + 1:04d}-01", f"QT-{j % nprocs + 1:04d}"
    title = f"Đơn đề nghị {rng.choice(ACTIONS).lower()} {rng.choice(OBJECTS)} (mẫu {j + 1})"
    names = [f"{code}.docx"] + ([f"{code}.pdf"] if j % 2 == 0 else [])
    issued = dt.date(2024, 1, 2) + dt.timedelta(days=(j * 5) % 600)
    lines = header(code, title, "Mẫu đơn tổ chức, cá nhân nộp kèm hồ sơ.", 1, issued, rng.choice(EXPERT_UNITS), [], [])
    lines += amendment_rows([(1, issued, "Toàn bộ biểu mẫu", "Ban hành lần đầu")])
    lines += ["", "[form]", f"files = [{', '.join(q(n) for n in names)}]", "+++", "",
              f"Thành phần hồ sơ của [[{owner_proc}]]. {paragraph(rng, 2)}", ""]
    files = {f"content/forms/{code}.md": "\n".join(lines).encode(), f"content/forms/{names[0]}": docx_bytes(code, title)}
    if len(names) > 1:
        files[f"content/forms/{names[1]}"] = pdf_bytes(code)
    return files


def other_doc(seed, k, legal):
    """k = 0: the manual, 1: the policy, 2: this year's objectives, then policies and objectives."""
    rng = random.Random(f"{seed}:other:{k}")
    issued = dt.date(2025, 1, 6) + dt.timedelta(days=k % 300)
    basis = [legal[k % len(legal)]["number"]]
    if k == 0:
        lines = header("STCL", "Sổ tay chất lượng", "Phạm vi và cách Sở đáp ứng TCVN ISO 9001:2015.", 1, issued, "vp",
                       ["4", "5", "6", "7", "8", "9", "10"], basis, weight=1)
        lines += amendment_rows([(1, issued, "Toàn bộ tài liệu", "Ban hành lần đầu")])
        lines += ["", "[scope]", 'statement = "Hệ thống quản lý chất lượng được áp dụng cho toàn bộ thủ tục hành chính thuộc thẩm quyền của Sở."',
                  "", "[[scope.exclusions]]", 'clause = "8.3"', 'reason = "Sở không thiết kế và phát triển sản phẩm, dịch vụ."']
        return "content/manual/STCL.md", lines + ["+++", "", "## 1. Giới thiệu", "", paragraph(rng), ""]
    if k % 2 == 1:
        code = "CSCL" if k == 1 else f"CS-{k:04d}"
        lines = header(code, "Chính sách chất lượng" + ("" if k == 1 else f" (bổ sung {k})"), "Cam kết của Giám đốc Sở về chất lượng.",
                       1, issued, "ld", ["5.2"], basis, weight=2)
        lines += amendment_rows([(1, issued, "Toàn bộ tài liệu", "Ban hành lần đầu")])
        return f"content/policies/{code}.md", lines + ["+++", "", paragraph(rng), "", "Xem [[MTCL-2026]].", ""]
    code = "MTCL-2026" if k == 2 else f"MT-{k:04d}"
    lines = header(code, f"Mục tiêu chất lượng năm 2026" + ("" if k == 2 else f" ({k})"), "Mục tiêu đo lường được của năm.",
                   1, issued, "vp", ["6.2"], basis, weight=3)
    lines += amendment_rows([(1, issued, "Toàn bộ tài liệu", "Ban hành lần đầu")])
    lines += ["", "[objectives]", "year = 2026"]
    for unit in ("bp-mc", "vp", rng.choice(EXPERT_UNITS)):
        lines += ["", "[[objectives.items]]", f"objective = {q(sentence(rng, 4, 6)[:-1])}",
                  'target = "≥ 98% hồ sơ được giải quyết đúng hạn"', f"owner = {q(unit)}", "deadline = 2026-12-31"]
    return f"content/objectives/{code}.md", lines + ["+++", "", paragraph(rng), "", "Xây dựng trên cơ sở [[CSCL]].", ""]


SOTAY_TOML = """# Sổ tay sinh tự động để đo hiệu năng (bench/gen_manual.py). Mọi tên đều hư cấu.

[agency]
name = "Sở Khoa học và Công nghệ tỉnh Thanh Vân"
short_name = "Sở KH&CN Thanh Vân"
parent = "Ủy ban nhân dân tỉnh Thanh Vân"
address = "Số 18 đường Vân Hồ, phường Thanh Sơn, tỉnh Thanh Vân"
phone = "0200 3 812 345"
email = "skhcn@example.gov.vn"
website = "https://example.gov.vn/"

[site]
base_url = "https://example.gov.vn/"
language = "vi"
standard = "TCVN ISO 9001:2015"
title = "Sổ tay chất lượng – sổ tay sinh tự động (đo hiệu năng)"
"""


def sotay_toml():
    units = "".join(f'\n[[units]]\nid = "{i}"\nname = {q(n)}\nhead = {q(h)}\n' for i, n, h in UNITS)
    return (SOTAY_TOML + units).encode()


# ---------------------------------------------------------------- main
def git(out, *args, when=None):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(out), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CONFIG_GLOBAL": os.devnull, "TZ": "UTC", "LC_ALL": "C"}
    if when:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    base = ["git", "-C", str(out), "-c", "user.name=Nguyễn Thị Hồng", "-c", "user.email=iso@example.gov.vn",
            "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]
    subprocess.run(base + list(args), env=env, check=True, stdout=subprocess.DEVNULL)


def write(out, files):
    for rel in sorted(files):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = files[rel]
        path.write_bytes(data if isinstance(data, bytes) else data.encode())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, required=True, help="number of documents (.md files), at least 20")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--git", action="store_true", help="git init and commit a revision history")
    ap.add_argument("--force", action="store_true", help="replace OUT if it holds a manual already")
    a = ap.parse_args()
    if a.docs < 20:
        ap.error("--docs must be at least 20")
    out = a.out
    if out.exists() and any(out.iterdir()):
        if not (a.force and (out / "sotay.toml").is_file()):
            sys.exit(f"{out} is not empty (use --force to replace a generated manual)")
        shutil.rmtree(out)
    nprocs, nforms = round(a.docs * 0.70), round(a.docs * 0.25)
    nother = a.docs - nprocs - nforms
    legal = legal_registry(a.seed)
    files = {"sotay.toml": sotay_toml()}
    for e in legal:
        files[f"legal/{fold_slug(e['number'])}.toml"] = legal_toml(e)
    for j in range(nforms):
        files.update(form_files(a.seed, j, nprocs))
    for k in range(nother):
        path, lines = other_doc(a.seed, k, legal)
        files[path] = "\n".join(lines)
    plans = [Plan(a.seed, i, nprocs, nforms, legal) for i in range(nprocs)]
    revised = [p for p in plans if p.i % 10 == 3]
    dates, when = {}, {}  # code → [issued of revisions 1, 2, 3]; (code, rev) → commit time
    for n, p in enumerate(revised):
        for rev, start in ((2, dt.datetime(2026, 3, 2, 8, 0)), (3, dt.datetime(2026, 6, 1, 8, 0))):
            when[p.code, rev] = start + dt.timedelta(minutes=7 * n)
        dates[p.code] = [p.issued, when[p.code, 2].date(), when[p.code, 3].date()]
    for p in plans:
        files[f"content/procedures/{p.code}.md"] = procedure_text(p, 3 if p.code in dates else 1, dates.get(p.code, [p.issued]))
    if not a.git:
        write(out, files)
    else:
        first = dict(files)
        for p in revised:
            first[f"content/procedures/{p.code}.md"] = procedure_text(p, 1, dates[p.code])
        write(out, first)
        git(out, "init", "-q")
        git(out, "add", "-A")
        git(out, "commit", "-q", "-m", "Ban hành sổ tay chất lượng", when="2026-01-05T08:00:00+07:00")
        for rev in (2, 3):
            for p in revised:
                rel = f"content/procedures/{p.code}.md"
                write(out, {rel: procedure_text(p, rev, dates[p.code])})
                git(out, "add", rel)
                git(out, "commit", "-q", "-m", f"{p.code}: ban hành lần {rev:02d}",
                    when=when[p.code, rev].strftime("%Y-%m-%dT%H:%M:%S+07:00"))
        assert all((out / rel).read_bytes() == (d if isinstance(d, bytes) else d.encode()) for rel, d in files.items())
    total = sum(len(d) for d in files.values())
    print(f"{out}: {a.docs} documents ({nprocs} procedures, {nforms} forms, {nother} other), "
          f"{len(legal)} legal entries, {len(files)} files, {total / 1e6:.1f} MB"
          + (f", {1 + 2 * len(revised)} commits" if a.git else ""))


if __name__ == "__main__":
    main()
