"""The manual's Markdown bodies as a Hugo site and as a Zola site, and a count of the pages they render.

Both peers get the same bodies, each with its title and nothing else from the front matter, and
one-line templates: a page (title + body), a section (a list of its pages) and the home page.
Neither builds a search index, feeds, taxonomies or Sass; both write a sitemap (their default).
Only the `.md` files are copied: the forms' .docx/.pdf are not bodies.
"""

import json
import re
import shutil
from pathlib import Path

PAGE_HTML = ('<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head>'
             '<body><main><h1>{title}</h1>{content}</main></body></html>\n')

HUGO_CONFIG = ('baseURL = "https://example.gov.vn/"\ntitle = "bench"\n'
               'disableKinds = ["taxonomy", "term", "RSS"]\n')
HUGO_LIST = ('<!doctype html><html><body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>'
             '{{ end }}</ul></body></html>\n')

ZOLA_CONFIG = ('base_url = "https://example.gov.vn/"\ntitle = "bench"\ndefault_language = "vi"\n'
               'compile_sass = false\nbuild_search_index = false\ngenerate_feeds = false\ntaxonomies = []\n')
ZOLA_SECTION = ('<!doctype html><html><body><ul>{% for p in section.pages %}<li><a href="{{ p.permalink }}">'
                '{{ p.title }}</a></li>{% endfor %}</ul></body></html>\n')
ZOLA_INDEX = ('<!doctype html><html><body><ul>{% for s in section.subsections %}<li><a href="{{ get_url(path="@/" ~ s) }}">'
              '{{ s }}</a></li>{% endfor %}</ul></body></html>\n')


def bodies(manual):
    """(path under content/, title as a TOML string, Markdown body) of every document of the manual."""
    for source in sorted((manual / "content").rglob("*.md")):
        parts = source.read_text(encoding="utf-8").split("+++\n", 2)
        if len(parts) < 3:
            continue
        title = re.search(r'^title = (".*")$', parts[1], re.M)
        yield source.relative_to(manual / "content"), title.group(1) if title else json.dumps(source.stem), parts[2]


def write_pages(manual, content):
    """Writes every body under content/ with a TOML front matter holding its title; returns the count."""
    count = 0
    for relative, title, body in bodies(manual):
        target = content / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"+++\ntitle = {title}\n+++\n{body}", encoding="utf-8")
        count += 1
    return count


def hugo_site(manual, site):
    """A Hugo site of the manual's bodies in `site` (replaced); returns the number of pages written."""
    if site.exists():
        shutil.rmtree(site)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG)
    (site / "layouts" / "_default" / "single.html").write_text(
        PAGE_HTML.format(title="{{ .Title }}", content="{{ .Content }}"))
    (site / "layouts" / "_default" / "list.html").write_text(HUGO_LIST)
    return write_pages(manual, site / "content")


def zola_site(manual, site):
    """A Zola site of the manual's bodies in `site` (replaced), with the `_index.md` each section folder
    needs to be a section; returns the number of pages written."""
    if site.exists():
        shutil.rmtree(site)
    (site / "templates").mkdir(parents=True)
    (site / "config.toml").write_text(ZOLA_CONFIG)
    (site / "templates" / "page.html").write_text(
        PAGE_HTML.format(title="{{ page.title }}", content="{{ page.content | safe }}"))
    (site / "templates" / "section.html").write_text(ZOLA_SECTION)
    (site / "templates" / "index.html").write_text(ZOLA_INDEX)
    count = write_pages(manual, site / "content")
    for folder in sorted(p for p in (site / "content").rglob("*") if p.is_dir()):
        (folder / "_index.md").write_text(f'+++\ntitle = "{folder.name}"\n+++\n', encoding="utf-8")
    return count


def rendered_pages(out):
    """(pages, pages with a body): the `index.html` files two folders down (section/page/index.html)
    made from the one-line page template, and how many of them hold more than the title."""
    pages = with_body = 0
    for page in out.glob("*/*/index.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        if "<main><h1>" not in text:
            continue
        pages += 1
        with_body += "</h1></main>" not in text
    return pages, with_body
