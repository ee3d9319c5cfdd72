/** Types of bundle.mjs, which runs before any TypeScript is compiled. */
export declare const ROOT: string;
export declare const CLIS: Record<
  "start" | "worker" | "merchant",
  { entries: Record<string, string>; call?: string }
>;
export declare function bundleDir(root?: string): string;
export declare function bundlePath(name: keyof typeof CLIS, root?: string): string;
export declare function bundleIsCurrent(name: keyof typeof CLIS, root?: string): boolean;
export declare function compileBundle(name: keyof typeof CLIS, root?: string): Promise<void>;
export declare function ensureBundle(name: keyof typeof CLIS, root?: string): Promise<string>;
