/* A shared library that is not a module: it exports none of the entry points. */
int not_a_module(int x) { return x + 1; }
