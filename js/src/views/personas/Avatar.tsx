// A persona's avatar: its image (an http(s) URL or a data URI, checked by the model) or, without one or
// when the image fails to load, its initials on the persona's colour.
import { useState } from "preact/hooks";
import type { Persona } from "../../model/types";
import { initials } from "./initials";

/** An address the model accepts as a persona's image (defence in depth: Python checked it already). */
const SAFE_IMAGE =
  /^(https?:\/\/[^\s"'<>]+|data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/]+=*)$/;

export function Avatar({ persona, class: className = "jw-avatar" }: { persona: Persona; class?: string }) {
  const [failed, setFailed] = useState<string | null>(null);
  const image = typeof persona.image === "string" ? persona.image : "";
  const usable = image !== "" && SAFE_IMAGE.test(image) && failed !== image;
  return (
    <span class={className} aria-hidden="true">
      {usable ? (
        <img class="jw-avatar-img" src={image} alt="" onError={() => setFailed(image)} />
      ) : (
        initials(persona.name)
      )}
    </span>
  );
}
