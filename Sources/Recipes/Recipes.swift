// The Recipes module.
