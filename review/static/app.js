/* page script: see review/static */
