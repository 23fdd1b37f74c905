// "SVG" and "PNG" buttons that save a picture of a view, light by default or dark on request (the map's
// and the funnel's pictures alike); the picture is made when a button is pressed.
import { useSignal } from "@preact/signals";
import { fileName, pngFromSvg, saveFile } from "./files";

export type PictureTheme = "light" | "dark";

export interface DownloadButtonsProps {
  /** what is downloaded, for the buttons' titles ("the map", "the funnel") */
  what: string;
  /** the file name's stem before the extension is added (a title: it is made file-safe) */
  name: string;
  /** the picture as SVG text, in a theme */
  draw: (theme: PictureTheme) => Promise<string>;
}

const FORMATS = [
  { format: "svg", label: "SVG", use: "for documents and editors" },
  { format: "png", label: "PNG", use: "for slides" },
] as const;

export function DownloadButtons({ what, name, draw }: DownloadButtonsProps) {
  const busy = useSignal(false);
  const error = useSignal("");
  const dark = useSignal(false);
  const download = async (format: "svg" | "png") => {
    busy.value = true;
    error.value = "";
    try {
      const svg = await draw(dark.value ? "dark" : "light");
      const file = format === "svg" ? new Blob([svg], { type: "image/svg+xml" }) : await pngFromSvg(svg);
      saveFile(file, fileName(name, format));
    } catch (err) {
      error.value = `Could not download ${what}: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      busy.value = false;
    }
  };
  return (
    <span class="jw-tool-group jw-downloads">
      <span class="jw-tool-label" aria-hidden="true">
        Download
      </span>
      {FORMATS.map(({ format, label, use }) => (
        <button
          key={format}
          type="button"
          class="jw-button"
          disabled={busy.value}
          aria-label={`Download ${what} as ${label}`}
          title={`Download ${what} as ${label} (${use})`}
          onClick={() => void download(format)}
        >
          {label}
        </button>
      ))}
      <label class="jw-dark-picture" title="Pictures are light unless this is ticked">
        <input
          type="checkbox"
          checked={dark.value}
          onChange={(e) => (dark.value = e.currentTarget.checked)}
        />
        dark
      </label>
      {error.value && (
        <span class="jw-download-error" role="alert">
          {error.value}
        </span>
      )}
    </span>
  );
}
