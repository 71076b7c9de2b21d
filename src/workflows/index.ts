/** Every workflow the worker registers, exported by name (a workflow's name is its Workflow Type). */
export { ecommerceDirector } from './ecommerce-director';
