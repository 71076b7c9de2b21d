/** Every workflow the worker registers, exported by name (a workflow's name is its Workflow Type). */
export { creativeDirector } from './creative-director';
export { ecommerceDirector } from './ecommerce-director';
