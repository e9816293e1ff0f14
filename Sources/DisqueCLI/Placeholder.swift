public enum DisqueCLILibrary {}
