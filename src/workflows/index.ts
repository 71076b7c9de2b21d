/** Every workflow the worker registers, exported by name (a workflow's name is its Workflow Type). */
export { creativeDirector } from './creative-director';
export { ecommerceDirector } from './ecommerce-director';
export { productDirector } from './product-director';
export { catalogDirector } from './catalog-director';
export { accessoryBranch, apparelBranch, footwearBranch, genericBranch } from './product-branches';
