// A persona's avatar: its image (an http(s) URL or a data URI, checked by the model) or, without one or
// when the image fails to load, its initials on the persona's colour.
import { useState } from "preact/hooks";
import { checkValue } from "../../model/fields";
import type { Persona } from "../../model/types";
import { initials } from "./initials";

/** Whether the model accepts an address as a persona's image (defence in depth: Python checked it). */
function safeImage(image: string): boolean {
  try {
    checkValue("image", image, "persona", "image");
    return true;
  } catch {
    return false;
  }
}

export function Avatar({ persona, class: className = "jw-avatar" }: { persona: Persona; class?: string }) {
  const [failed, setFailed] = useState<string | null>(null);
  const image = typeof persona.image === "string" ? persona.image : "";
  const usable = image !== "" && failed !== image && safeImage(image);
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
