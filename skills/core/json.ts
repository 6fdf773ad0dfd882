/** A JSON value, for the generated platform models. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
