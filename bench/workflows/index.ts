/**
 * The bench worker's workflows (its bundle's entry): every Director the product registers, plus the
 * benchmark's own workflows, which stay out of the product's entry (src/workflows/index.ts).
 */
export * from '../../src/workflows';
export { benchChain, benchFanOut, benchHold } from './bench-workflows';
