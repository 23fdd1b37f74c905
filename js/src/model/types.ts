// The journey document as it travels between Python and the browser (see fields.json).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Entity = Record<string, Json>;

export interface Step extends Entity {
  id: string;
  name: string;
  description: string;
  events: string[];
}

export interface Stage extends Entity {
  id: string;
  name: string;
  description: string;
  goal: string;
  notes: string;
  events: string[];
  /** A view setting saved with the document: the stage is shown folded (false by default). */
  collapsed: boolean;
  steps: Step[];
}

export interface Lane extends Entity {
  id: string;
  name: string;
  kind: string;
  description: string;
  /** A view setting saved with the document: the lane is shown folded (false by default). */
  collapsed: boolean;
}

export interface Card extends Entity {
  id: string;
  lane_id: string;
  stage_id: string;
  step_id: string | null;
  order: number;
  text: string;
  evidence: string;
  owner: string;
  status: string;
  channel: string;
  tags: string[];
  events: string[];
  persona_ids: string[];
  /** the card's own colour ("#rrggbb"), or "" for its lane kind's */
  color: string;
}

export interface Persona extends Entity {
  id: string;
  name: string;
  description: string;
  quote: string;
  color: string;
  demographics: Record<string, string>;
  goals: string[];
  pains: string[];
  channels: string[];
  preferences: string[];
  segment: string;
  /** The persona header's picture: "" (initials), an http(s):// URL or a data:image/...;base64,... URI. */
  image: string;
}

export interface EmotionPoint extends Entity {
  persona_id: string;
  stage_id: string;
  step_id: string | null;
  series: string;
  value: number;
  note: string;
}

export interface EmotionScale extends Entity {
  min: number;
  max: number;
  labels: Record<string, string>;
}

export interface MetricDef extends Entity {
  id: string;
  name: string;
  kind: string;
  /** retention metrics: the return events (empty: any event) and the window a return counts in ("7D") */
  events: string[];
  window: string;
  unit: string;
  direction: string;
  target: number | null;
  stage_ids: string[];
}

export interface JourneyDoc {
  schema_version: number;
  id: string;
  title: string;
  description: string;
  state: string;
  owner: string;
  tags: string[];
  emotion_scale: EmotionScale;
  stages: Stage[];
  lanes: Lane[];
  personas: Persona[];
  metrics: MetricDef[];
  cards: Card[];
  emotions: EmotionPoint[];
}

/** An edit operation: a plain object with an `op` field, exactly as Python's `journey.apply` takes it. */
export interface Op {
  op: string;
  [key: string]: unknown;
}
