// A SchemaModel as plain JSON, and back: `rollsafe verify` keeps the model replayed through a cached
// prefix of the migrations with the engine state, so a run that restores the state neither parses nor
// replays those migrations again. Maps are saved as their entries (keys as the model holds them), and
// every object keeps its origin (the check unit that created it).
import { SchemaModel, type Column, type Constraint, type EnumType, type Index, type OtherRelation, type Table } from "./schema-model.js";
import type { QualifiedName } from "./names.js";

type SavedTable = Omit<Table, "columns" | "constraints"> & { columns: [string, Column][]; constraints: [string, Constraint][] };

export interface SavedModel {
  tables: [QualifiedName, SavedTable][];
  indexes: [QualifiedName, Index][];
  relations: [QualifiedName, OtherRelation][];
  enums: [QualifiedName, EnumType][];
}

export function saveModel(model: SchemaModel): SavedModel {
  return {
    tables: [...model.tables].map(([name, t]) => [name, { ...t, columns: [...t.columns], constraints: [...t.constraints] }]),
    indexes: [...model.indexes],
    relations: [...model.relations],
    enums: [...model.enums],
  };
}

export function loadModel(saved: SavedModel): SchemaModel {
  const model = new SchemaModel();
  for (const [name, t] of saved.tables) model.tables.set(name, { ...t, columns: new Map(t.columns), constraints: new Map(t.constraints) });
  for (const [name, index] of saved.indexes) model.indexes.set(name, index);
  for (const [name, relation] of saved.relations) model.relations.set(name, relation);
  for (const [name, type] of saved.enums) model.enums.set(name, type);
  return model;
}
