"""What a notebook shows: tables whole, computed sentences as Markdown, figures with alt text.

`markdown()` shows a sentence that a helper of `amm58.prose` or `amm58.findings` built from
the data as Markdown (it renders on JupyterLab, GitHub and in the report like a Markdown
cell), so that no number is typed into a Markdown cell. `show_figure()` shows a figure with
its alt text in the PNG output's metadata (`{"image/png": {"alt": ...}}`), where the report's
landing page (`report.figure_alt`) reads it.

Tables for reading in a notebook: the whole text of every cell, on JupyterLab and GitHub.

pandas cuts every cell at `display.max_colwidth` (50 characters) and right-aligns text. An
evidence table exists to let a reader go from a chart to its passages, so `evidence_table()`
wraps a frame in an object that shows every summary in full, left-aligned. Its HTML carries
the alignment as `align` attributes and inline `style` (GitHub's notebook viewer strips
`<style>` blocks and class-based CSS); its plain-text form is full and deterministic too.
"""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import Markdown
from IPython.display import display as _display


class EvidenceTable:
    """A DataFrame shown whole: no truncated cells, text left-aligned, no index."""

    def __init__(self, df: pd.DataFrame):
        self.df = df.reset_index(drop=True)

    def text(self) -> pd.DataFrame:
        """Every cell as it is shown: empty where missing, a date without a time of day as YYYY-MM-DD."""

        def show(v) -> str:
            if pd.isna(v):
                return ""
            if isinstance(v, pd.Timestamp) and v == v.normalize():
                return v.strftime("%Y-%m-%d")
            return str(v)

        return self.df.astype(object).map(show)

    def _repr_html_(self) -> str:
        e = html.escape
        cell = 'align="left" valign="top" style="text-align:left;vertical-align:top;white-space:normal"'
        head = "".join(f"<th {cell}>{e(str(c))}</th>" for c in self.df.columns)
        rows = [
            "<tr>" + "".join(f"<td {cell}>{e(v)}</td>" for v in rec) + "</tr>"
            for rec in self.text().itertuples(index=False)
        ]
        return f'<table style="text-align:left"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'

    def __repr__(self) -> str:
        if self.df.empty:
            return "  ".join(map(str, self.df.columns)) or "(empty)"
        text = self.text()
        widths = {c: max(len(str(c)), *(len(v) for v in text[c])) for c in text.columns}
        lines = ["  ".join(str(c).ljust(widths[c]) for c in text.columns).rstrip()]
        lines += [
            "  ".join(v.ljust(widths[c]) for c, v in zip(text.columns, row, strict=True)).rstrip()
            for row in text.itertuples(index=False)
        ]
        return "\n".join(lines)

    def __len__(self) -> int:
        return len(self.df)


def evidence_table(df: pd.DataFrame, columns: list[str] | None = None) -> EvidenceTable:
    """`df` (or its `columns`) as an `EvidenceTable`: every cell in full, left-aligned, in the
    notebook's HTML output, on GitHub and in plain text. E.g.
    `evidence_table(analysis.theme_evidence(ds, "fta"), ["passage_id", "kind", "summary"])`."""
    return EvidenceTable(df if columns is None else df[list(columns)])


def markdown(text: str) -> Markdown:
    """`text` (Markdown built from the data) as a cell output that renders as Markdown."""
    return Markdown(text)


def alt_metadata(alt: str) -> dict[str, dict[str, str]]:
    """The output metadata that carries a PNG's alt text: `{"image/png": {"alt": alt}}`, with
    runs of white space made single spaces."""
    return {"image/png": {"alt": " ".join(alt.split())}}


def figure_png(fig, *, scale: int | None = None) -> bytes:
    """The figure as PNG bytes at `scale` (default `plots.SAVE_SCALE`, 2) times its resolution
    (`plots.scaled_pixels`: the pixels its layout check drew, when it is unchanged since),
    without loss: opaque (the figures have a white background), in at most 256 colours as a
    palette image where the figure has no more (`palette_image`), optimised by Pillow, with no
    metadata (no matplotlib version), so the same figure gives the same bytes."""
    import io

    from PIL import Image

    from amm58.plots.style import SAVE_SCALE, scaled_pixels  # (amm58.plots imports this module)

    rgb = Image.fromarray(scaled_pixels(fig, scale or SAVE_SCALE)).convert("RGB")
    out = io.BytesIO()
    (palette_image(rgb) or rgb).save(out, format="png", optimize=True)
    return out.getvalue()


def palette_image(rgb):
    """The RGB image as an exact palette image (each pixel the index of its own colour in a
    sorted palette), or None when it has more than 256 colours. About half the bytes of the RGB
    PNG, with every pixel unchanged (Pillow's quantize rounds colours, so the indices are
    looked up here)."""
    import numpy as np
    from PIL import Image

    colours = rgb.getcolors(maxcolors=256)
    if colours is None:
        return None
    pixels = np.asarray(rgb).astype(np.uint32)
    packed = (pixels[..., 0] << 16) | (pixels[..., 1] << 8) | pixels[..., 2]
    keys = np.sort(np.array([(r << 16) | (g << 8) | b for _, (r, g, b) in colours], dtype=np.uint32))
    image = Image.fromarray(np.searchsorted(keys, packed).astype(np.uint8), mode="P")
    image.putpalette(np.stack([keys >> 16, (keys >> 8) & 255, keys & 255], axis=1).astype(np.uint8).ravel().tolist())
    return image


def show_figure(fig, *, alt: str) -> None:
    """Show a matplotlib `Figure` as the cell's PNG output (`figure_png`), displayed at the
    figure's own width in pixels, its alt text in the output's metadata (`alt_metadata`)."""
    metadata = alt_metadata(alt)
    metadata["image/png"]["width"] = round(fig.get_figwidth() * fig.dpi)
    w, h = (round(v * fig.dpi) for v in fig.get_size_inches())
    _display({"image/png": figure_png(fig), "text/plain": f"<Figure size {w}x{h}>"}, raw=True, metadata=metadata)
