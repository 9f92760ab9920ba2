//! LLVM code generation with inkwell: layouts, functions, drop glue, runtime calls, the
//! generated `main`, optimization and sanitizer pass pipelines, and object emission.
