// The request shapes the methods take: any subset of a message's fields,
// the rest left at their proto3 defaults. (ts-proto's own DeepPartial is
// module-private in the generated code.) A oneof keeps its `$case`, so the
// compiler still insists on exactly one member.

type Builtin = Date | ((...args: never[]) => unknown) | Uint8Array | string | number | boolean | undefined;

export type DeepPartial<T> = T extends Builtin
  ? T
  : T extends globalThis.Array<infer U>
    ? globalThis.Array<DeepPartial<U>>
    : T extends ReadonlyArray<infer U>
      ? ReadonlyArray<DeepPartial<U>>
      : T extends { $case: string }
        ? { [K in keyof Omit<T, "$case">]?: DeepPartial<T[K]> } & { $case: T["$case"] }
        : T extends object
          ? { [K in keyof T]?: DeepPartial<T[K]> }
          : Partial<T>;
